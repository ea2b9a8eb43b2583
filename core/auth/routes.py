"""Log-in pages (minimal; the auth work completes them)."""

from flask import redirect, url_for
from flask_login import logout_user

from core.auth import bp
from core.auth.loader import init_loader

init_loader()


@bp.route("/login", methods=["GET", "POST"])
def login():
    return "login"


@bp.post("/logout")
def logout():
    logout_user()
    return redirect(url_for("web.home"))


@bp.get("/me/tenants")
def switch():
    return "switch"
