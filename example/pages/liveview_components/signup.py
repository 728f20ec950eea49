"""Server-side form validation with an ordinary Django Form."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from liveview import liveview_handler, send
from pages.forms import SignupForm


@liveview_handler("validate_signup")
def validate_signup(consumer: Any, content: dict[str, Any]) -> None:
    form = SignupForm(content["form"])
    valid = form.is_valid()
    html = render_to_string("pages/partials/signup_form.html", {"form": form, "done": valid})
    send(consumer, {"target": "#signup", "html": html})
