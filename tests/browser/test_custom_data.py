"""SPEC 4.3: data-data-* attributes reach the handler in content["data"], under two keys."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.browser.support import open_page, watch


def test_custom_data_reaches_the_handler_under_both_keys(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/custom-data/")
    page.click("#like-123")
    expect(page.locator("#likes-123")).to_have_text("1")
    data = json.loads(page.text_content("#data-result"))
    assert data["comment_id"] == "123"  # the documented key
    assert data["data_comment_id"] == "123"  # the key the original's code delivers
    assert data["author_name"] == data["data_author_name"] == "Ada"
    # On the wire: only the data-data-* attributes, as the dataset names them.
    [message] = watcher.calls("like_comment")
    assert message["data"] == {"dataCommentId": "123", "dataAuthorName": "Ada"}


def test_each_element_sends_its_own_data(shared_server, page):
    open_page(page, shared_server.url + "/custom-data/")
    page.click("#like-456")
    expect(page.locator("#likes-456")).to_have_text("1")
    page.click("#like-456")
    expect(page.locator("#likes-456")).to_have_text("2")
    expect(page.locator("#likes-123")).to_have_text("0")
    assert json.loads(page.text_content("#data-result"))["comment_id"] == "456"
