"""``watch()`` plus the loading events (``liveview:loading-start``, ``-end``,
``liveview:ack-timeout``), recorded next to the others so ``Watcher.events()`` reads them."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.support import Watcher, watch

_RECORDER = """
(() => {
  const plain = (value) =>
    JSON.parse(
      JSON.stringify(value === undefined ? null : value, (key, item) =>
        item instanceof Node ? "<" + item.nodeName.toLowerCase() + ">" : item,
      ),
    );
  for (const name of ["liveview:loading-start", "liveview:loading-end", "liveview:ack-timeout"]) {
    document.addEventListener(name, (event) =>
      window.__liveviewEvents.push({ type: event.type, detail: plain(event.detail) }));
  }
})();
"""


def watch_loading(page: Page) -> Watcher:
    watcher = watch(page)
    page.add_init_script(_RECORDER)
    return watcher
