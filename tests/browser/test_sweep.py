"""The page sweep: every page each demo log-in can reach (and a visitor),
from the URL map with the demo's ids, opened in Chromium on a 360 × 760 phone
in Thai. It fails, listing every finding with its URL and who opened it, on

- a server error (5xx) for anyone, on any GET page of the URL map;
- a page wider than the phone (horizontal scrolling), naming the widest element;
- English words in the visible Thai text, outside names and codes (marked
  ``translate="no"``) and the few words written the same in Thai
  (``sweep_checks.ALLOWED_WORDS``).

Each role's pages are fetched in-process first (status, and the main content);
the browser opens each page that answers 200, once for each different main
content (the same page with the same content for two roles is opened once).
A screenshot of each failing page goes to test-artifacts/."""

from __future__ import annotations

import hashlib
import re
import time

import pytest
import sqlalchemy as sa

from core.auth.models import User
from core.db import db
from core.demo.load import load
from core.demo.users import DEMO_PASSWORD
from core.registry.models import Person
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant
from tests.browser.conftest import ARTIFACTS
from tests.browser.sweep_checks import OVERFLOW_JS, PHONE, VISIBLE_TEXT_JS, english_words
from tests.browser.sweep_targets import Identity, Target, identities, plan

pytestmark = [pytest.mark.browser, pytest.mark.shared_data, pytest.mark.timeout(1800)]

# Pages that still fail and why, each printed by the run; a page on this list
# that passes makes the run say so, so the list only shrinks. (URL pattern, check, reason)
# A "did not load" entry is neither fetched nor opened (it would only wait out the timeout).
KNOWN_FAILURES: list[tuple[str, str, str]] = []

MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.S)
VOLATILE = re.compile(r'name="csrf_token" value="[^"]*"|nonce="[^"]*"')
EXTERNAL = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/])")


@pytest.fixture(scope="module")
def demo(app, shared_rows):
    with app.app_context():
        load()
        db.session.commit()
        db.session.remove()


def _household_id(user: User, tenant: Tenant) -> int | None:
    with tenant_context(tenant.id):
        return db.session.scalar(sa.select(Person.household_id).where(Person.user_id == user.id))


def _reachable(make_client, app, who: Identity, targets: list[Target], failures: list[str], slow: set[str],
               timings: list[tuple[float, str]]):
    """(target, content key) of each page that answers 200 with HTML; 5xx are
    failures. A page known not to load in time is not asked for (noted in ``slow``)."""
    client = make_client()
    if who.email:
        with app.app_context():
            client.login(db.session.scalar(sa.select(User).where(User.email == who.email)))
    pages = []
    for target in targets:
        if _known(target.url, "did not load"):
            slow.add(target.url)
            continue
        asked = time.monotonic()
        response = client.get(target.url, headers={"Accept-Language": "th"})
        timings.append((time.monotonic() - asked, f"{who.name} {target.url} {response.status_code}"))
        if response.status_code >= 500:
            failures.append(f"{who.name}: GET {target.url} -> {response.status_code}")
        elif response.status_code == 200 and response.mimetype == "text/html":
            html = response.get_data(as_text=True)
            main = MAIN.search(html)
            content = VOLATILE.sub("", main.group(1) if main else html)
            pages.append((target, hashlib.sha1(f"{target.url}\n{content}".encode()).hexdigest()))
    return pages


def _log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, f"{email} could not log in"


def _check(page, url: str) -> list[str]:
    from playwright.sync_api import Error as BrowserError

    found = []
    try:
        # the stylesheet is in (deferred scripts wait for it, and have run)
        response = page.goto(url, wait_until="domcontentloaded")
    except BrowserError as error:  # a page that does not load in time
        return [f"did not load: {str(error).splitlines()[0]}"]
    if response is None or response.status >= 500:
        return [f"server error {response.status if response else '?'}"]
    width = page.evaluate(OVERFLOW_JS)
    if width["scroll"] > PHONE["width"]:
        found.append(f"overflow: {width['scroll']} px wide; widest: {width['culprit']}")
    words = english_words(page.evaluate(VISIBLE_TEXT_JS))
    if words:
        found.append("English: " + "; ".join(words[:8]) + (f" (+{len(words) - 8} more)" if len(words) > 8 else ""))
    return found


def _screenshot(page, who: Identity, url: str, shots: list[int]) -> None:
    if shots[0] >= 60:
        return
    shots[0] += 1
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9]+", "-", f"sweep {who.name} {url.split('/', 3)[-1]}").strip("-")[:150]
    try:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, timeout=5_000)
    except Exception:  # noqa: BLE001  (a page too heavy to picture: the findings still stand)
        pass


def _known(url: str, finding: str) -> str | None:
    for pattern, check, reason in KNOWN_FAILURES:
        if re.search(pattern, url) and finding.startswith(check):
            return reason
    return None


def test_every_page_of_every_role_fits_a_phone_in_thai(app, demo, live_server, browser, make_client, capsys):
    started = time.monotonic()
    failures: list[str] = []
    known: list[str] = []
    uncovered: dict[str, str] = {}
    covered: set[str] = set()
    opened: set[str] = set()
    visits = fetched = 0
    fetching = 0.0
    slow: set[str] = set()
    timings: list[tuple[float, str]] = []
    shots = [0]
    for who in identities():
        with app.app_context():
            tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == who.tenant))
            household = None
            if who.email:
                user = db.session.scalar(sa.select(User).where(User.email == who.email))
                household = _household_id(user, tenant)
            route_plan = plan(app, tenant, household)
            db.session.commit()  # a coupon's QR signing key, made on first use
        uncovered.update(route_plan.uncovered)
        covered.update(t.rule for t in route_plan.targets)
        fetched += len(route_plan.targets)
        fetch_started = time.monotonic()
        pages = [(t, key) for t, key in _reachable(make_client, app, who, route_plan.targets, failures, slow, timings)
                 if key not in opened]  # fmt: skip
        fetching += time.monotonic() - fetch_started
        if not pages:
            continue
        context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok", viewport=PHONE)
        context.set_default_timeout(15_000)
        context.route(EXTERNAL, lambda route: route.abort())
        page = context.new_page()
        try:
            if who.email:
                _log_in(page, live_server, who.email)
            for target, key in pages:
                opened.add(key)
                visits += 1
                url = live_server + target.url
                findings = _check(page, url)
                for finding in findings:
                    line = f"{who.name}: {target.url}: {finding}"
                    reason = _known(target.url, finding)
                    (known if reason else failures).append(line + (f"  [known: {reason}]" if reason else ""))
                if any(not _known(target.url, f) for f in findings):
                    _screenshot(page, who, target.url, shots)
        finally:
            context.close()
        with capsys.disabled():
            print(f"sweep: {who.name}: {len(pages)} pages, {time.monotonic() - started:.0f} s")
    took = time.monotonic() - started
    with capsys.disabled():
        print(f"\nsweep: {fetched} URLs fetched for {len(identities())} identities, "
              f"{visits} pages opened in Chromium, {took:.0f} s ({fetching:.0f} s fetching in-process)")  # fmt: skip
        for took_one, what in sorted(timings, reverse=True)[:10]:
            print(f"sweep: slowest fetches: {took_one:.1f} s {what}")
        for rule in sorted(set(uncovered) - covered):  # in no organisation swept
            print(f"sweep: not covered: {rule}: {uncovered[rule]}")
        for url in sorted(slow):
            print(f"sweep: KNOWN FAILURE, not opened: {url}  [{_known(url, 'did not load')}]")
        for line in known:
            print(f"sweep: KNOWN FAILURE {line}")
    assert visits > 100, "the sweep opened too few pages to mean anything"
    assert not failures, f"{len(failures)} findings:\n" + "\n".join(failures)


def test_a_date_field_on_a_thai_page_says_its_day_in_the_buddhist_era(demo, live_server, browser):
    from datetime import date

    from core.i18n.formatting import format_date

    context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok", viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        _log_in(page, live_server, "admin@khoksai.demo")
        page.goto(f"{live_server}/t/khok-sai/market/stock/reports")  # a browser date box, filled in
        field = page.locator("input[type=date][name=start]")
        shown = page.locator("input[type=date][name=start] + [data-be-date]")
        assert shown.inner_text() == format_date(date.fromisoformat(field.input_value()), "short", lang="th")
        field.fill("2026-01-05")
        assert shown.inner_text() == "5 ม.ค. 2569"
    finally:
        context.close()
