"""market coupons models."""
