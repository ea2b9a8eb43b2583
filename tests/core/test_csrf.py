"""Every state-changing URL refuses a logged-in browser's request without the
CSRF token (0 of N get through), and every POST form in every template
carries the token. The only exemptions are views marked csrf_exempt that
authenticate otherwise (signed webhooks)."""

from __future__ import annotations

import re
from pathlib import Path

from core.tenancy.models import ALL_ROLES

ARG = re.compile(r"<(?:\w+:)?(\w+)>")
EXEMPT = {"stripe_webhook.stripe_webhook"}  # signed by Stripe, checked on the raw body
# exempt from the global check but checking the token themselves for members
CHECKED_FOR_MEMBERS = {"web.set_language"}
ROOT = Path(__file__).resolve().parents[2]


def test_no_state_changing_url_accepts_a_request_without_the_token(
    app, client, make_tenant, make_member
):
    tenant = make_tenant(slug="csrf")
    client.login(make_member(tenant, *ALL_ROLES))
    through, checked = [], 0
    for rule in app.url_map.iter_rules():
        methods = rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
        if not methods:
            continue
        view = app.view_functions[rule.endpoint]
        if getattr(view, "csrf_exempt", False) and rule.endpoint not in CHECKED_FOR_MEMBERS:
            assert rule.endpoint in EXEMPT, (
                f"{rule.endpoint} is csrf_exempt without being reviewed here"
            )
            continue
        url = ARG.sub(lambda m: "csrf" if m.group(1) == "slug" else "1", rule.rule)
        for method in sorted(methods):
            response = client.open(url, method=method, data={"x": "1"})  # open() adds no token
            checked += 1
            if response.status_code != 400 or b"csrf" not in response.data.lower():
                through.append(f"{method} {url} -> {response.status_code}")
    assert checked > 50
    assert not through, (
        f"{len(through)} of {checked} requests without a CSRF token were not refused: {through}"
    )


def test_every_post_form_carries_the_token():
    missing = []
    for folder in [*ROOT.glob("*/templates"), *ROOT.glob("*/*/templates")]:
        if ".venv" in folder.parts:
            continue
        for path in folder.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            for form in re.finditer(
                r"<form\b[^>]*method=[\"']?post[^>]*>(.*?)</form>", text, re.I | re.S
            ):
                if "csrf" not in form.group(1) and "hidden_tag()" not in form.group(1):  # csrf_token or a csrf() macro
                    missing.append(str(path.relative_to(ROOT)))
    assert not missing, f"POST forms without csrf_token(): {sorted(set(missing))}"


def test_a_visitor_gets_public_pages_without_a_session(client, make_tenant):
    """No session cookie (and no CSRF token) is minted for a visitor reading
    public pages, so they can be cached; the language switch still works."""
    tenant = make_tenant(slug="csrf-public")
    for url in ("/", f"/t/{tenant.slug}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.headers.getlist("Set-Cookie"), (url, response.headers.getlist("Set-Cookie"))
        assert "csrf_token" not in response.get_data(as_text=True), url
    switched = client.post("/lang/en", data={"next": f"/t/{tenant.slug}/"}, csrf=False)
    assert switched.status_code == 302 and switched.headers["Location"].endswith(f"/t/{tenant.slug}/")
    assert "Pansuk" in client.get(f"/t/{tenant.slug}/").get_data(as_text=True)


def test_a_members_language_switch_still_needs_the_token(client, make_tenant, make_member):
    tenant = make_tenant(slug="csrf-lang")
    client.login(make_member(tenant, "staff"))
    refused = client.post("/lang/en", data={"next": "/"}, csrf=False)
    assert refused.status_code == 400
    assert client.post("/lang/en", data={"next": "/"}).status_code == 302
