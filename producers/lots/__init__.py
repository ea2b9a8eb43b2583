"""Harvest lots, QR codes for plots and lots, label sheets and the facts the
public /q/<token> page shows."""
