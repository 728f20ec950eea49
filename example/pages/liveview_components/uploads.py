"""File uploads over the socket: an avatar form with a preview, and a drop zone."""

from __future__ import annotations

import base64
import hashlib
import io
import os
from typing import Any

from django.template.loader import render_to_string
from PIL import Image

from liveview import Upload, liveview_handler, send
from pages.forms import ProfileForm
from pages.models import Attachment

AVATAR = {"avatar": Upload(max_size=2 * 1024 * 1024, max_files=1, accept="image/*")}
#: The drop zone takes up to 10 files of up to 20 MB each (DEMO_ATTACHMENT_MAX_SIZE: other).
ATTACHMENT_MAX_SIZE = int(os.environ.get("DEMO_ATTACHMENT_MAX_SIZE", 20 * 1024 * 1024))
ATTACHMENTS = {"attachments": Upload(max_size=ATTACHMENT_MAX_SIZE, max_files=10)}


@liveview_handler("preview_avatar", uploads=AVATAR)
def preview_avatar(consumer: Any, content: dict[str, Any]) -> None:
    """A thumbnail of the chosen image, before anything is saved."""
    files = content["files"]["avatar"]
    if not files:
        send(consumer, {"target": "#avatar-preview", "html": ""})
        return
    with Image.open(files[0]) as image:
        image.thumbnail((96, 96))
        out = io.BytesIO()
        image.convert("RGB").save(out, "PNG")
    data = base64.b64encode(out.getvalue()).decode()
    html = f'<img id="avatar-thumbnail" alt="Preview" src="data:image/png;base64,{data}">'
    send(consumer, {"target": "#avatar-preview", "html": html})


@liveview_handler("save_profile", uploads=AVATAR)
def save_profile(consumer: Any, content: dict[str, Any]) -> None:
    """An ordinary ModelForm, given the socket's files as a view gives request.FILES."""
    form = ProfileForm(content["form"], content["files"])
    profile = form.save() if form.is_valid() else None
    html = render_to_string("pages/partials/profile_form.html", {"form": form, "profile": profile})
    send(consumer, {"target": "#profile", "html": html})


@liveview_handler("attach_files", uploads=ATTACHMENTS)
def attach_files(consumer: Any, content: dict[str, Any]) -> None:
    """Store every dropped file with the configured storage, with its SHA-256."""
    for uploaded in content["files"]["attachments"]:
        digest = hashlib.sha256()
        for block in uploaded.chunks():
            digest.update(block)
        uploaded.seek(0)
        Attachment.objects.create(
            file=uploaded, name=uploaded.name, size=uploaded.size, sha256=digest.hexdigest()
        )
    attachments = Attachment.objects.order_by("-pk")[:10]
    html = render_to_string("pages/partials/attachments.html", {"attachments": attachments})
    send(consumer, {"target": "#attachments", "html": html})
