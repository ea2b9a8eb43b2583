"""Overpayments: money that arrived for something already settled, kept open until staff refund it; the service, the model and the page."""
