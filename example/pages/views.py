"""Plain Django views: each renders a page whose live parts talk to handlers."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pages import catalogue
from pages.forms import ProfileForm, SignupForm
from pages.liveview_components import feed as feed_log
from pages.models import Attachment, Order


def hello(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/hello.html")


def broadcast(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/broadcast.html")


def signup(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/signup.html", {"form": SignupForm()})


def events(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/events.html", {"flavours": catalogue.FLAVOURS})


def form_values(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/form_values.html", {"toppings": catalogue.TOPPINGS})


def custom_data(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/custom_data.html", {"comments": catalogue.COMMENTS})


def rate_limit(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/rate_limit.html", {"fruits": catalogue.FRUITS})


def focus(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/focus.html")


def init(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/init.html")


def intersection(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/intersection.html", {"items": catalogue.feed_page(1)})


def keyboard(request: HttpRequest) -> HttpResponse:
    row, column = catalogue.BOARD_START
    return render(
        request,
        "pages/keyboard.html",
        {
            "board": catalogue.board(catalogue.BOARD_START),
            "row": row + 1,
            "column": column + 1,
            "tester_map": catalogue.key_tester_map(),
            "tester_keys": catalogue.TESTER_KEYS,
        },
    )


def rendering(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/rendering.html")


def history(request: HttpRequest) -> HttpResponse:
    """The page a pushed URL stands for, so a reload or an unknown entry shows the same."""
    try:
        step = int(request.GET.get("step", "0"))
    except ValueError:
        step = 0
    lang = request.GET.get("lang", "en")
    if lang not in catalogue.GREETINGS:
        lang = "en"
    context = {
        "step": step,
        "html_lang": lang,
        "greeting": catalogue.GREETINGS[lang],
        "note_removed": request.GET.get("note") == "removed",
    }
    return render(request, "pages/history.html", context)


def language(request: HttpRequest, lang: str = "en") -> HttpResponse:
    if lang not in catalogue.GREETINGS:
        raise Http404(f"No demo page in {lang!r}.")
    others = [code for code in catalogue.GREETINGS if code != lang]
    return render(request, "pages/language.html", {"html_lang": lang, "others": others})


def connection(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/connection.html")


def custom_path(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/custom_path.html")


def room_refused(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/room_refused.html")


def client_security(request: HttpRequest) -> HttpResponse:
    scripts_off = request.GET.get("scripts") == "off"
    return render(
        request,
        "pages/client_security.html",
        {"scripts_off": scripts_off, "bad_urls": catalogue.BAD_URLS},
    )


def _under_strict_csp(request: HttpRequest, template: str) -> HttpResponse:
    nonce = secrets.token_urlsafe(18)
    response = render(request, template, {"csp_nonce": nonce})
    response["Content-Security-Policy"] = (
        f"script-src 'nonce-{nonce}'; object-src 'none'; base-uri 'none'"
    )
    return response


def strict_csp(request: HttpRequest) -> HttpResponse:
    """A page under a strict nonce-based Content-Security-Policy: no inline script runs
    without this response's nonce, and nothing may be evaluated from strings."""
    return _under_strict_csp(request, "pages/strict_csp.html")


def strict_csp_next(request: HttpRequest) -> HttpResponse:
    """The second page under the policy, reached by live navigation from the first."""
    return _under_strict_csp(request, "pages/strict_csp_next.html")


def chat(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/chat.html", {"chats": catalogue.CHATS})


def _bounded(request: HttpRequest, name: str, default: float, low: float, high: float) -> float:
    try:
        return max(low, min(high, float(request.GET.get(name, default))))
    except ValueError:
        return default


def morphing(request: HttpRequest) -> HttpResponse:
    """``?interval=100&count=50``: how often and how many times the server re-renders."""
    context = {
        "interval": int(_bounded(request, "interval", 1000, 50, 5000)),
        "count": int(_bounded(request, "count", 600, 1, 3600)),
        "tick": 0,
        "now": timezone.now(),
        "rows": list(range(5)),
    }
    return render(request, "pages/morphing.html", context)


def loading(request: HttpRequest) -> HttpResponse:
    context = {
        "slow": _bounded(request, "slow", 1, 0, 5),
        "page": int(_bounded(request, "page", 1, 1, 1000)),
    }
    return render(request, "pages/loading.html", context)


def recipes(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/recipes.html", {"first_items": range(1, 11)})


def reliability(request: HttpRequest) -> HttpResponse:
    context = {"slow": _bounded(request, "slow", 2, 0, 5), "count": Order.objects.count()}
    return render(request, "pages/reliability.html", context)


def feed(request: HttpRequest) -> HttpResponse:
    context = {"log_size": feed_log.log_size(), "overflow": feed_log.overflow_count()}
    return render(request, "pages/feed.html", context)


def account(request: HttpRequest) -> HttpResponse:
    """``?page=2``: the diary page a pushed URL stands for, rendered for whoever is signed in."""
    page = int(_bounded(request, "page", 0, 0, 100))
    return render(request, "pages/account.html", {"page": page})


@require_POST
def account_login(request: HttpRequest) -> HttpResponse:
    """Demo only: anyone may sign in under any simple name, without a password."""
    name = request.POST.get("name", "").strip()[:30]
    if name.isalnum():
        user, _ = get_user_model().objects.get_or_create(username=name)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("account")


@require_POST
def account_logout(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("account")


def navigation(request: HttpRequest) -> HttpResponse:
    """``?q=``: what the GET form searched for, rendered by a plain view."""
    query = request.GET.get("q", "")[:100]
    found = [name for name in catalogue.FRUITS if query and query.lower() in name.lower()]
    # Changes at every render: Back shows the snapshot, then the server's newer page.
    renders = request.session["navigation_renders"] = (
        request.session.get("navigation_renders", 0) + 1
    )
    context = {"query": query, "found": found, "renders": renders}
    return render(request, "pages/navigation.html", context)


def navigation_counter(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/navigation_counter.html")


@login_required
def navigation_private(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/navigation_private.html")


def navigation_missing(request: HttpRequest) -> HttpResponse:
    raise Http404("This page does not exist, on purpose.")


def uploads(request: HttpRequest) -> HttpResponse:
    request.session.save()  # uploads resume within the session that started them
    return render(
        request,
        "pages/uploads.html",
        {"form": ProfileForm(), "attachments": Attachment.objects.order_by("-pk")[:10]},
    )
