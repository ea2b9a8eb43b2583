"""welfare pages."""

from flask import render_template

from welfare import bp


@bp.get("/")
def index():
    return render_template("welfare/index.html")
