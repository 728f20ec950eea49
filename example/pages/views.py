"""Plain Django views: each renders a page whose live parts talk to handlers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pages.forms import SignupForm


def hello(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/hello.html")


def broadcast(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/broadcast.html")


def signup(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/signup.html", {"form": SignupForm()})
