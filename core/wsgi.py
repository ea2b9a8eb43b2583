"""Entry point for gunicorn: ``gunicorn core.wsgi:app``."""

from core.app import create_app
from core.ops.startup import serving_app

app = serving_app(create_app)
