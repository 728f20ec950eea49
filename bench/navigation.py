"""Live navigation against a full page load, in one run: click → new content painted.

Starts the demo (uvicorn, a fresh migrated SQLite database, a free port) and drives
headless Chromium through its "Live navigation" page:

- **live**: click a `data-liveview-navigate` link; from ``performance.now()`` just before
  the click to the second animation frame after ``liveview:navigated`` (the new body is
  painted by then). Then the link back, timed the same way.
- **full**: click the same link marked ``data-liveview-navigate="false"``; from the click
  (its epoch time kept in sessionStorage) to the new document's first contentful paint.

Prints one JSON object on one line (milliseconds: median, p95, mean). ``bash bench/run.sh``
runs it as its "navigation" scenario; on its own::

    .venv/bin/python bench/navigation.py --runs 30
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import DemoServer, migrate  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

LIVE_CLICK = """
(selector) => new Promise((resolve) => {
  document.addEventListener("liveview:navigated", () => {
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
  }, {once: true});
  const t0 = performance.now();
  document.querySelector(selector).click();
})
"""

FULL_CLICK = """
(selector) => {
  sessionStorage.setItem("bench:t0", String(performance.timeOrigin + performance.now()));
  document.querySelector(selector).click();
}
"""

FULL_PAINTED = """
() => new Promise((resolve) => {
  const done = (entry) => resolve(
    performance.timeOrigin + entry.startTime - Number(sessionStorage.getItem("bench:t0")));
  const found = performance.getEntriesByName("first-contentful-paint")[0];
  if (found) return done(found);
  new PerformanceObserver((list, observer) => {
    const entry = list.getEntriesByName("first-contentful-paint")[0];
    if (entry) { observer.disconnect(); done(entry); }
  }).observe({type: "paint", buffered: true});
})
"""


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median": round(statistics.median(ordered), 2),
        "p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 2),
        "mean": round(statistics.fmean(ordered), 2),
        "runs": len(ordered),
    }


def measure(base: str, runs: int, warmup: int) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("LIVEVIEW_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    live: list[float] = []
    full: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page()
        page.goto(base + "/navigation/")
        page.wait_for_function("() => window.myWebSocket && window.myWebSocket.readyState === 1")
        for i in range(warmup + runs):
            there = page.evaluate(LIVE_CLICK, "#to-counter")
            back = page.evaluate(LIVE_CLICK, "#back-to-navigation")
            if i >= warmup:
                live += [there, back]
        for i in range(warmup + runs):
            page.evaluate(FULL_CLICK, "#to-full")
            page.wait_for_url(base + "/navigation/counter/")
            painted = page.evaluate(FULL_PAINTED)
            if i >= warmup:
                full.append(painted)
            page.goto(base + "/navigation/")
        browser.close()
    return {"live_navigation_ms": summary(live), "full_page_load_ms": summary(full)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "demo.sqlite3"
        migrate(database)
        server = DemoServer(database)
        server.start()
        try:
            result = measure(server.url, args.runs, args.warmup)
        finally:
            server.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
