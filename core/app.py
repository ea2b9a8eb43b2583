"""The application factory: extensions, the explicit blueprint list, errors, CLI."""

from __future__ import annotations

import logging

from flask import Flask

from core.config import Config


def create_app(config: Config | dict | None = None) -> Flask:
    if isinstance(config, dict) or config is None:
        config = Config(**(config or {}))
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config)
    app.config["IS_POSTGRES"] = config.is_postgres
    logging.basicConfig(level=logging.INFO)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

    from core.extensions import api, babel, csrf, db, login_manager, migrate
    from core.i18n import locale as i18n_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(config_root() / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    i18n_locale.init_app(app, babel)
    from core.api.spec import ApiConventions

    api.init_app(app, spec_kwargs={"components": {"securitySchemes": _security_schemes()},
                                   "extra_plugins": [ApiConventions()]})

    from core.tenancy import rls  # binds each transaction to its tenant for row-level security

    rls.configure(app.config["SECRET_KEY"])
    import core.tenancy.scoping  # noqa: F401  (installs the tenant filter)
    import core.tenant_writes  # noqa: F401  (a tenant's write version, for the copies kept of its pages)
    from core import celery_app, security, web

    celery_app.init_app(app)
    web.init_app(app)
    security.init_app(app)
    _register_blueprints(app, api)
    security.apply_rate_limits(app)
    security.trust_proxies(app)  # outermost: everything inside sees the real client
    _import_models()
    celery_app.celery.conf.beat_schedule = celery_app.beat_schedule()  # domain tasks add theirs

    from core.cli import register_commands

    register_commands(app)
    _static_files(app)
    if config.PRODUCTION:
        from core.ops.startup import refuse_if_unsafe

        refuse_if_unsafe(app)  # a clear StartupRefused, see core.ops.startup
    return app


def _static_files(app: Flask) -> None:
    """Static files served by WhiteNoise in front of the app: long-lived
    caching and gzip (core.static_files)."""
    from core import vendor_assets
    from core.static_files import serve_static

    serve_static(app)
    vendor_assets.init_app(app)


def config_root():
    from core.config import ROOT

    return ROOT


def _security_schemes() -> dict:
    return {
        "bearerAuth": {"type": "http", "scheme": "bearer"},
        "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "session"},
    }


def _import_models() -> None:
    """Every model module, so metadata and mappers are complete."""
    import core.audit.models  # noqa: F401
    import core.auth.models  # noqa: F401
    import core.ceilings.models  # noqa: F401
    import core.documents.models  # noqa: F401
    import core.imports.models  # noqa: F401
    import core.integrity.models  # noqa: F401
    import core.ledger.models  # noqa: F401
    import core.notifications.models  # noqa: F401
    import core.payments.models  # noqa: F401
    import core.payments.overpayments.models  # noqa: F401
    import core.payments.payouts.models  # noqa: F401
    import core.payments.receipts.models  # noqa: F401
    import core.payments.statements.models  # noqa: F401
    import core.payments.stripe.models  # noqa: F401
    import core.registry.models  # noqa: F401
    import core.tenancy.models  # noqa: F401
    import market.models  # noqa: F401
    import producers.models  # noqa: F401
    import welfare.models  # noqa: F401


def _register_blueprints(app: Flask, api) -> None:
    """The explicit list of what the service runs."""
    from core.audit import bp as audit_bp
    from core.auth import bp as auth_bp
    from core.auth.api import blp as auth_api
    from core.ceilings import bp as ceilings_bp
    from core.documents import bp as documents_bp
    from core.documents.api import blp as documents_api
    from core.ledger import bp as ledger_bp
    from core.notifications import bp as notifications_bp
    from core.notifications.api import blp as notifications_api
    from core.payments import bp as payments_bp
    from core.payments import register_routes as register_payment_routes
    from core.payments.api import blp as payments_api
    from core.payments.receipts.api import blp as receipts_api
    from core.payments.reconciliation.api import blp as recon_api
    from core.payments.stripe.webhooks import bp as stripe_webhook_bp
    from core.registry import bp as registry_bp
    from core.registry.api import blp as registry_api
    from core.tenancy import bp as tenancy_bp
    from core.tenancy.api import blp as tenancy_api
    from market import bp as market_bp
    from producers import bp as producers_bp
    from welfare import bp as welfare_bp

    register_payment_routes()
    parts = _domain_parts()
    for bp in (
        payments_bp,
        stripe_webhook_bp,
        auth_bp,
        tenancy_bp,
        registry_bp,
        ledger_bp,
        audit_bp,
        ceilings_bp,
        documents_bp,
        notifications_bp,
        market_bp,
        welfare_bp,
        producers_bp,
    ):
        app.register_blueprint(bp)
    # tenant pages: only answers marked public (a visitor's landing page) are kept
    micro_cached: dict[str, float] = {"/t/": 5.0}
    for module in parts["public"]:
        if hasattr(module, "bp"):  # public_*.py helpers without a blueprint are plain modules
            app.register_blueprint(module.bp)
        micro_cached.update(getattr(module, "MICRO_CACHE", {}))
    if micro_cached:
        from core.microcache import MicroCache

        app.wsgi_app = MicroCache(app.wsgi_app, micro_cached)
    for blp in (
        tenancy_api,
        registry_api,
        auth_api,
        payments_api,
        receipts_api,
        recon_api,
        documents_api,
        notifications_api,
        # several areas' API modules may add routes to one blueprint: registered once,
        # in the order of the modules that create them
        *sorted({module.blp for module in parts["api"] if hasattr(module, "blp")}, key=lambda b: b.import_name),
    ):
        api.register_blueprint(blp)


_PARTS: dict[str, list] = {}


def _domain_parts() -> dict[str, list]:
    """Each domain's part modules (see core.modules.domain_parts), imported
    once per process: their routes must be on the blueprint before it is
    registered."""
    if not _PARTS:
        import market
        import producers
        import welfare
        from core.modules import PART_PREFIXES, domain_parts

        merged: dict[str, list] = {kind: [] for kind in PART_PREFIXES}
        for domain in (market, producers, welfare):
            for kind, modules in domain_parts(domain).items():
                merged[kind].extend(modules)
        _PARTS.update(merged)
    return _PARTS
