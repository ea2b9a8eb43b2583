"""The one door from lots and listings to the certification state of a plot
(``producers.certification``, kept by the PGS workflow)."""

from __future__ import annotations

from producers.certification import PlotCertification, plot_status, sellable

# statuses the public page warns about, however old the label
BANNER_STATUSES = ("suspended", "revoked", "expired")

__all__ = ["BANNER_STATUSES", "PlotCertification", "plot_status", "sellable"]
