"""Notification delivery tasks."""
