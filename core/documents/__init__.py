"""Documents: uploaded evidence (receipts, photos, scanned forms, PDFs),
attached to any record and served only to those allowed to see it.

Other domains use :mod:`core.documents.services` (``store``, ``attach``,
``documents_for``, ``missing``, ``open_document``)."""

from flask import Blueprint

from core import modules
from core.errors import N_

bp = Blueprint("documents", __name__, url_prefix="/t/<slug>/documents")

modules.register(
    modules.ModuleCard(
        key="documents",
        endpoint="documents.index",
        title=N_("Documents"),
        description=N_("Receipts, photos and scanned forms"),
        kinds=frozenset({"council", "community", "network", "foundation", "pgs_network"}),
        permission="documents.view",
    )
)

from core.documents import routes  # noqa: E402,F401
