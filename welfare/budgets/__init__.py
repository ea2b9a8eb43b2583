"""welfare budgets."""
