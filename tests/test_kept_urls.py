"""Templates' `url_for` keeps the addresses it built (forms.templating.kept_url_for): what it
gives back must be exactly what Flask builds, under whatever script root the request has."""

from __future__ import annotations

from flask import render_template_string, url_for
from markupsafe import escape

LINKS = ("{{ url_for('dashboard.queue') }} {{ url_for('dashboard.queue', status='all', page=2) }}"
         " {{ url_for('static', filename='learnloop.css') }}")


def _links(app, base_url: str) -> tuple[str, str]:
    with app.test_request_context("/", base_url=base_url):
        # Escaped, as the template escapes every address it writes.
        built = [url_for("dashboard.queue"), url_for("dashboard.queue", status="all", page=2),
                 url_for("static", filename="learnloop.css")]
        return render_template_string(LINKS), " ".join(escape(address) for address in built)


def test_kept_addresses_are_flasks_own_under_each_script_root(app):
    # The root first, then mounted under a prefix, then the root again: a kept address from
    # one script root must never be handed to a request under another.
    for base_url, prefix in (("http://localhost/", ""), ("http://localhost/learnloop/",
                                                        "/learnloop"), ("http://localhost/", "")):
        kept, flasks = _links(app, base_url)
        assert kept == flasks
        assert kept.split() == [f"{prefix}/dashboard", f"{prefix}/dashboard?status=all&amp;page=2",
                                f"{prefix}/static/learnloop.css"]


def test_an_absolute_address_is_each_requests_own_host(app):
    # Built by Flask every time: a kept one would hand one request's host to the next.
    for host in ("https://learnloop.example/", "https://elsewhere.example/"):
        with app.test_request_context("/", base_url=host):
            html = render_template_string("{{ url_for('dashboard.queue', _external=True) }}")
        assert html == f"{host}dashboard"


def test_a_flag_or_word_like_value_is_not_taken_for_another(app):
    # True equals 1 and hashes alike, but builds another address.
    with app.test_request_context("/"):
        html = render_template_string("{{ url_for('dashboard.queue', page=1) }} "
                                      "{{ url_for('dashboard.queue', page=True) }}")
    assert html.split() == ["/dashboard?page=1", "/dashboard?page=True"]


def test_absolute_and_anchored_addresses_are_built_by_flask(app):
    with app.test_request_context("/", base_url="https://learnloop.example/"):
        html = render_template_string(
            "{{ url_for('dashboard.queue', _external=True) }} "
            "{{ url_for('dashboard.queue', _anchor='unread') }} "
            "{{ url_for('dashboard.queue', status=['a', 'b']) }}")
    assert html.split() == ["https://learnloop.example/dashboard", "/dashboard#unread",
                            "/dashboard?status=a&amp;status=b"]
