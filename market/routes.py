"""market pages."""

from flask import render_template

from market import bp


@bp.get("/")
def index():
    return render_template("market/index.html")
