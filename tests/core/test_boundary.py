"""The one transaction boundary of a request (``core.boundary``): a view's work
is committed once when it answers, and nothing of it is kept when it is refused
or fails; the refusal is shown at its field; what waits for the commit runs only
after it."""

import pytest
import sqlalchemy as sa
from flask import get_flashed_messages, redirect, render_template_string

from core.boundary import api_writes, attempt, must_exist, refusal, writes
from core.db import after_commit, db
from core.errors import Conflict, NotFound, ValidationError
from core.registry.models import Village
from core.tenancy.context import tenant_context

PAGE = "{% set e = g.get('form_error') %}<form>{% if e and e.field == 'moo' %}<p data-field-error='moo'>{{ e.message }}</p>{% endif %}</form>"


def villages(app, tenant_id) -> list[str]:
    with app.app_context(), tenant_context(tenant_id):
        names = list(db.session.scalars(sa.select(Village.name_th).order_by(Village.id)))
        db.session.remove()
        return names


@pytest.fixture
def tenant(make_tenant):
    """The id of the tenant whose request it is."""
    return make_tenant().id


def request(app, tenant, method="POST"):
    """A request of the tenant's, as a page would be served."""
    context = app.test_request_context("/t/x/villages", method=method)
    context.push()
    token = tenant_context(tenant)
    token.__enter__()
    yield
    token.__exit__(None, None, None)
    db.session.remove()
    context.pop()


def run(app, tenant, view, *args, **kwargs):
    gen = request(app, tenant)
    next(gen)
    try:
        return view(*args, **kwargs), list(get_flashed_messages(with_categories=True))
    finally:
        gen.close()


def test_a_page_that_answers_is_committed_once_and_its_side_effects_run_after(app, tenant):
    ran = []

    @writes
    def add():
        db.session.add(Village(moo=1, name_th="หนึ่ง"))
        after_commit(lambda: ran.append(villages(app, tenant)))
        assert ran == []
        return redirect("/done")

    response, _ = run(app, tenant, add)
    assert response.status_code == 302
    assert villages(app, tenant) == ["หนึ่ง"]
    assert ran == [["หนึ่ง"]]  # ran after the commit: another session already saw the row


def test_a_refused_page_keeps_nothing_and_shows_the_error_at_its_field(app, tenant):
    ran = []

    @writes(again=lambda village_no: render_template_string(PAGE))
    def add(village_no):
        db.session.add(Village(moo=village_no, name_th="ครึ่งทาง"))
        db.session.flush()
        after_commit(lambda: ran.append("sent"))
        raise ValidationError("Enter the village number", field="moo")

    (body, status), flashed = run(app, tenant, add, village_no=2)
    assert status == 422
    assert "data-field-error='moo'>Enter the village number</p>" in body
    assert flashed == [("error", "Enter the village number")]
    assert villages(app, tenant) == []
    assert ran == []


def test_without_a_page_to_show_again_the_refusal_reaches_the_error_page(app, tenant):
    @writes
    def add():
        db.session.add(Village(moo=3, name_th="ไม่บันทึก"))
        raise Conflict()

    with pytest.raises(Conflict):
        run(app, tenant, add)
    assert villages(app, tenant) == []


def test_an_error_answer_is_rolled_back_unless_it_is_to_be_kept(app, tenant):
    @writes
    def refused():
        db.session.add(Village(moo=4, name_th="ปฏิเสธ"))
        return "no", 409

    @writes(keep_errors=True)
    def counted():
        db.session.add(Village(moo=5, name_th="นับไว้"))
        return "locked", 429

    assert run(app, tenant, refused)[0] == ("no", 409)
    assert run(app, tenant, counted)[0] == ("locked", 429)
    assert villages(app, tenant) == ["นับไว้"]


def test_an_unexpected_error_keeps_nothing(app, tenant):
    @writes
    def broken():
        db.session.add(Village(moo=6, name_th="พัง"))
        db.session.flush()
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        run(app, tenant, broken)
    assert villages(app, tenant) == []


def test_a_failed_commit_takes_back_the_saved_message(app, tenant):
    @writes
    def twice():
        db.session.add(Village(moo=7, name_th="ซ้ำ"))
        db.session.add(Village(moo=7, name_th="ซ้ำ"))  # the same village number twice
        from flask import flash

        flash("Saved.", "success")
        return redirect("/done")

    gen = request(app, tenant)
    next(gen)
    try:
        with pytest.raises(sa.exc.IntegrityError):
            twice()
        assert get_flashed_messages() == []
    finally:
        gen.close()
    assert villages(app, tenant) == []


def test_refusal_rolls_back_at_once_and_the_page_goes_on(app, tenant):
    @writes
    def add():
        db.session.add(Village(moo=8, name_th="ก่อน"))
        with refusal() as refused:
            db.session.add(Village(moo=9, name_th="ทิ้ง"))
            raise ValidationError("No such name here", field="name_th")
        assert refused.errors == {"name_th": "No such name here"}
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Village)) == 0
        return "again", refused.status

    assert run(app, tenant, add)[0] == ("again", 422)
    assert villages(app, tenant) == []


def test_attempt_needs_the_boundary_and_commits_through_it(app, tenant):
    def act():
        db.session.add(Village(moo=10, name_th="สิบ"))
        return "/village"

    with pytest.raises(RuntimeError):
        run(app, tenant, lambda: attempt(act, lambda: "page"))
    response, flashed = run(app, tenant, writes(lambda: attempt(act, lambda: "page", "Added.")))
    assert response.headers["Location"] == "/village"
    assert flashed == [("success", "Added.")]
    assert villages(app, tenant) == ["สิบ"]

    def refused():
        db.session.add(Village(moo=11, name_th="สิบเอ็ด"))
        raise Conflict("Taken", field="moo")

    (body, status), flashed = run(app, tenant, writes(lambda: attempt(refused, lambda: "page")))
    assert (body, status, flashed) == ("page", 409, [("error", "Taken")])
    assert villages(app, tenant) == ["สิบ"]


def test_the_api_boundary_commits_or_leaves_the_error_to_the_envelope(app, tenant):
    @api_writes
    def create(data):
        db.session.add(Village(moo=data, name_th=f"หมู่ {data}"))
        if data > 20:
            raise ValidationError("Too far", field="moo")
        return {"moo": data}, 201

    assert run(app, tenant, create, 12)[0] == ({"moo": 12}, 201)
    with pytest.raises(ValidationError):
        run(app, tenant, create, 21)
    assert villages(app, tenant) == ["หมู่ 12"]


def test_must_exist_looks_the_row_up_before_the_view_runs(app, tenant, make_tenant):
    other = make_tenant().id
    with tenant_context(other):
        theirs = Village(moo=1, name_th="ของคนอื่น")
        db.session.add(theirs)
        db.session.commit()
        theirs_id = theirs.id
    db.session.remove()  # a request starts with an empty session
    called = []

    def get_village(village_id):
        if db.session.get(Village, village_id) is None:
            raise NotFound()

    with tenant_context(tenant):
        ours = Village(moo=2, name_th="ของเรา")
        db.session.add(ours)
        db.session.commit()
        ours_id = ours.id
    db.session.remove()
    for lookup in (Village, get_village):
        view = must_exist(village_id=lookup)(lambda village_id: called.append(village_id))
        for refused in (theirs_id, ours_id + theirs_id + 1000):  # another tenant's, and none at all
            with pytest.raises(NotFound):
                run(app, tenant, view, village_id=refused)
        assert called == []
        run(app, tenant, view, village_id=ours_id)
        assert called == [ours_id]
        called.clear()


def test_chosen_refusals_keep_the_work_that_led_to_them(app, tenant):
    class WrongCode(ValidationError):
        pass

    @api_writes(keeping=(WrongCode,))
    def look_up(code):
        db.session.add(Village(moo=30 + code, name_th=f"ครั้งที่ {code}"))  # the attempt is counted
        if code == 1:
            raise WrongCode("No such code", field="code")
        raise Conflict("Locked")

    with pytest.raises(WrongCode):
        run(app, tenant, look_up, 1)
    with pytest.raises(Conflict):
        run(app, tenant, look_up, 2)
    assert villages(app, tenant) == ["ครั้งที่ 1"]


def test_a_preview_keeps_nothing_and_settle_keeps_what_came_before(app, tenant):
    from core.boundary import discard, settle

    @writes
    def preview():
        discard()
        db.session.add(Village(moo=40, name_th="ตัวอย่าง"))
        db.session.flush()
        return "preview"

    @writes
    def send_code():
        db.session.add(Village(moo=41, name_th="ก่อนส่ง"))
        settle()
        db.session.add(Village(moo=42, name_th="หลังส่ง"))
        raise RuntimeError("the SMS gateway is down")

    assert run(app, tenant, preview)[0] == "preview"
    with pytest.raises(RuntimeError):
        run(app, tenant, send_code)
    with pytest.raises(RuntimeError):
        run(app, tenant, settle)  # outside a boundary there is nothing to settle
    assert villages(app, tenant) == ["ก่อนส่ง"]
