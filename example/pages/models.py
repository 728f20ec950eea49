from __future__ import annotations

from django.db import models


class Order(models.Model):
    """What the reliability page creates: each order must be created exactly once,
    however often the browser re-sends the click (after a reconnect or a deploy)."""

    item = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.item} #{self.pk}"


class Profile(models.Model):
    """The uploads page's avatar form: a ModelForm with an ImageField, fed by the socket."""

    name = models.CharField(max_length=50)
    avatar = models.ImageField(upload_to="avatars/")

    def __str__(self) -> str:
        return self.name


class Attachment(models.Model):
    """A file dropped on the uploads page, stored with the configured storage."""

    file = models.FileField(upload_to="attachments/")
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.name
