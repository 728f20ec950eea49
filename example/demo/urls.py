from __future__ import annotations

from django.urls import path

from pages import views

urlpatterns = [
    path("", views.hello, name="hello"),
    path("broadcast/", views.broadcast, name="broadcast"),
    path("form/", views.signup, name="signup"),
]
