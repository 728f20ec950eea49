from __future__ import annotations

from django.conf import settings
from django.conf.urls.static import static
from django.urls import path

from pages import views

urlpatterns = [
    path("", views.hello, name="hello"),
    path("broadcast/", views.broadcast, name="broadcast"),
    path("form/", views.signup, name="signup"),
    path("events/", views.events, name="events"),
    path("form-values/", views.form_values, name="form_values"),
    path("custom-data/", views.custom_data, name="custom_data"),
    path("debounce-throttle/", views.rate_limit, name="rate_limit"),
    path("focus/", views.focus, name="focus"),
    path("init/", views.init, name="init"),
    path("intersection/", views.intersection, name="intersection"),
    path("keyboard/", views.keyboard, name="keyboard"),
    path("rendering/", views.rendering, name="rendering"),
    path("history/", views.history, name="history"),
    path("language/", views.language, name="language"),
    path("language/<slug:lang>/", views.language, name="language_in"),
    path("connection/", views.connection, name="connection"),
    path("custom-path/", views.custom_path, name="custom_path"),
    path("room-refused/", views.room_refused, name="room_refused"),
    path("client-security/", views.client_security, name="client_security"),
    path("strict-csp/", views.strict_csp, name="strict_csp"),
    path("strict-csp/next/", views.strict_csp_next, name="strict_csp_next"),
    path("chat/", views.chat, name="chat"),
    path("morphing/", views.morphing, name="morphing"),
    path("loading/", views.loading, name="loading"),
    path("reliability/", views.reliability, name="reliability"),
    path("feed/", views.feed, name="feed"),
    path("recipes/", views.recipes, name="recipes"),
    path("navigation/", views.navigation, name="navigation"),
    path("navigation/counter/", views.navigation_counter, name="navigation_counter"),
    path("navigation/private/", views.navigation_private, name="navigation_private"),
    path("navigation/missing/", views.navigation_missing, name="navigation_missing"),
    path("account/", views.account, name="account"),
    path("account/login/", views.account_login, name="account_login"),
    path("account/logout/", views.account_logout, name="account_logout"),
    path("uploads/", views.uploads, name="uploads"),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
