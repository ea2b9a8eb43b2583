"""producers pages."""

from flask import render_template

from producers import bp


@bp.get("/")
def index():
    return render_template("producers/index.html")
