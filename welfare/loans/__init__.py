"""Loans of a revolving fund: products, schedules, repayments, ageing."""
