"""The one form kit (``core/templates/macros/forms.html``): every field shows
its label, its hint and its error next to it, with ``aria-invalid`` and
``aria-describedby`` naming the error, whether the view passed the error or the
boundary kept it for the form posted to this URL."""

import re

from flask import g, render_template_string
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField

KIT = '{% from "macros/forms.html" import field, money, date, textarea, select, checkbox, checks, form_errors, error_at %}'


def render(app, body, path="/t/x/funds", **context):
    with app.test_request_context(path, method="POST"):
        setup = context.pop("boundary", None)
        if setup:
            g.form_error = setup
        return render_template_string(KIT + body, **context)


def tag(html, name, element="input"):
    """The opening tag of the element named ``name``."""
    found = re.search(rf'<{element}[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert found, html
    return found.group(0)


def test_a_field_in_error_says_so_and_names_its_error(app):
    html = render(app, '{{ field("amount", "Amount", value="12", hint="In baht", errors=errors) }}',
                  errors={"amount": "Enter an amount"})
    box = tag(html, "amount")
    assert 'id="f-amount"' in box and 'value="12"' in box and 'aria-invalid="true"' in box
    assert 'aria-describedby="f-amount-hint f-amount-error"' in box
    assert '<label for="f-amount">Amount</label>' in html
    assert '<p class="hint" id="f-amount-hint">In baht</p>' in html
    assert re.search(r'<p class="error" id="f-amount-error" role="alert" data-field-error="amount">Enter an amount</p>', html)
    assert 'class="field has-error"' in html


def test_a_field_without_error_is_plain(app):
    html = render(app, '{{ field("name", "Name", required=true) }}{{ textarea("note", "Note", "a < b") }}')
    box = tag(html, "name")
    assert "aria-invalid" not in box and "aria-describedby" not in box and " required" in box
    assert 'class="error"' not in html and "has-error" not in html
    assert ">a &lt; b</textarea>" in html


def test_the_boundary_error_shows_at_its_field_of_the_form_posted_here(app):
    refused = {"field": "amount", "action": "/t/x/funds", "message": "Too much"}
    body = '{{ money("amount", "Amount") }}{{ money("fee", "Fee") }}'
    html = render(app, body, boundary=refused)
    box = tag(html, "amount")
    assert 'aria-invalid="true"' in box and 'aria-describedby="f-amount-error"' in box
    assert 'inputmode="decimal"' in box
    assert 'data-field-error="amount">Too much</p>' in html
    assert "aria-invalid" not in tag(html, "fee")
    # another form's refusal, or a form that posts elsewhere, is not shown here
    assert "Too much" not in render(app, body, path="/t/x/other", boundary=refused)
    html = render(app, '{{ money("amount", "Amount", action="/t/x/elsewhere") }}', boundary=refused)
    assert "Too much" not in html
    # the view's own message wins over the boundary's
    html = render(app, '{{ money("amount", "Amount", errors={"amount": "Mine"}) }}', boundary=refused)
    assert "Mine" in html and "Too much" not in html


def test_every_kind_of_field_carries_the_error(app):
    errors = {"on": "Enter a date", "why": "Say why", "kind": "Choose one", "ok": "Tick it", "lines": ["One", "Two"]}
    html = render(app, """
        {{ date("on", "On", "2026-12-07", errors=errors) }}
        {{ textarea("why", "Why", errors=errors) }}
        {{ select("kind", "Kind", [("a", "A"), ("b", "B")], data={"kind": "b"}, errors=errors, blank="-") }}
        {{ checkbox("ok", "OK", data={"ok": "y"}, value="y", errors=errors) }}
        {{ error_at("lines", errors) }}""", errors=errors)
    for name, element in (("on", "input"), ("why", "textarea"), ("kind", "select"), ("ok", "input")):
        opened = tag(html, name, element)
        assert 'aria-invalid="true"' in opened and f"f-{name}-error" in opened, opened
        assert f'id="f-{name}-error"' in html
    assert 'value="07/12/2569"' in tag(html, "on")  # day first, in the Buddhist Era on a Thai page
    assert "data-date-input" in tag(html, "on")
    assert '<option value="b" selected>B</option>' in html and '<option value="">-</option>' in html
    assert " checked" in tag(html, "ok") and 'value="y"' in tag(html, "ok")
    assert 'data-field-error="lines">One Two</p>' in html


def test_a_wtforms_field_shows_its_errors_and_the_boundary_s(app):
    class Form(FlaskForm):
        login = StringField("Login", description="Your phone or e-mail")
        keep = BooleanField("Keep me signed in")

    with app.test_request_context("/t/x/login", method="POST"):
        form = Form(meta={"csrf": False})
        form.login.errors = ["Unknown login"]
        form.form_errors.append("Try again")
        html = render_template_string(KIT + '{{ field(form.login, autocomplete="username") }}{{ field(form.keep) }}'
                                      '{{ form_errors(form) }}', form=form)
        box = tag(html, "login")
        assert 'aria-invalid="true"' in box and 'aria-describedby="login-hint login-error"' in box
        assert 'autocomplete="username"' in box
        assert 'id="login-error"' in html and "Unknown login" in html
        assert 'data-test="form-error">Try again</div>' in html
        assert "aria-invalid" not in tag(html, "keep")

        g.form_error = {"field": "keep", "action": "/t/x/login", "message": "Not here"}
        form.login.errors = []
        html = render_template_string(KIT + "{{ field(form.login) }}{{ field(form.keep) }}", form=form)
        assert "aria-invalid" not in tag(html, "login")
        assert 'aria-invalid="true"' in tag(html, "keep") and 'data-field-error="keep">Not here</p>' in html


def test_the_errors_of_no_field_are_shown_above_the_form(app):
    html = render(app, "{{ form_errors(errors) }}", errors={"_form": "Closed"})
    assert 'class="flash flash-error" role="alert" data-test="form-error">Closed</div>' in html
    assert render(app, "{{ form_errors({}) }}").strip() == ""


def test_a_refused_form_is_known_by_its_url(app):
    refused = {"field": None, "action": "/t/x/funds", "message": "No"}
    body = "{{ form_refused('/t/x/funds?page=2') }} {{ form_refused('/t/x/other') }}"
    assert render(app, body, boundary=refused).split() == ["True", "False"]
    assert render(app, body).split() == ["False", "False"]
