from __future__ import annotations

from django.db import models


class Order(models.Model):
    """What the reliability page creates: each order must be created exactly once,
    however often the browser re-sends the click (after a reconnect or a deploy)."""

    item = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.item} #{self.pk}"
