"""Delivery of orders by village volunteers."""
