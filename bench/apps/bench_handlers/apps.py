from __future__ import annotations

from django.apps import AppConfig


class BenchHandlersConfig(AppConfig):
    name = "bench_handlers"
