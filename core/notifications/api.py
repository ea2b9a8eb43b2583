"""API: the outbox (``/api/v1/t/<slug>/notifications``): the tenant's
notifications and each one's delivery log, addresses masked. The same queries
and permission (``notifications.view``) as the pages."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from core.api.paging import paged
from core.api_auth import api_require
from core.notifications.queries import notification_with_log, notifications_query
from core.notifications.schemas import NotificationDetailOut, NotificationPage

blp = Blueprint("notifications_api", __name__, url_prefix="/api/v1/t/<slug>/notifications",
                description="Notifications")


@blp.route("")
class Notifications(MethodView):
    @api_require("notifications.view")
    @blp.response(200, NotificationPage)
    @paged(blp)
    def get(self):
        """Notifications, newest first."""
        return {"items": notifications_query()}


@blp.route("/<int:notification_id>")
class NotificationDetail(MethodView):
    @api_require("notifications.view")
    @blp.response(200, NotificationDetailOut)
    def get(self, notification_id: int):
        """One notification with its delivery attempts, oldest first."""
        notification, deliveries = notification_with_log(notification_id)
        data = {name: getattr(notification, name) for name in NotificationDetailOut._declared_fields
                if name not in ("address_masked", "deliveries")}
        return {**data, "address": notification.address, "deliveries": deliveries}
