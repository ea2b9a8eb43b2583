"""Flask extensions, created once and bound in :func:`core.app.create_app`."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_wtf.csrf import CSRFProtect

from core.api.envelope import Error
from core.db import db

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
migrate = Migrate()
api = Api()
api.ERROR_SCHEMA = Error  # the envelope the server sends (core.web)

__all__ = ["db", "login_manager", "csrf", "babel", "migrate", "api"]
