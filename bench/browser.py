"""Real-browser scenario: click → DOM updated, in headless Chromium via Playwright.

Loads the server's page, waits for ``window.myWebSocket`` to be open, then
clicks the ``say_hello`` button ``--clicks`` times (after ``--warmup`` clicks).
Each click is timed inside the page: ``performance.now()`` just before
``button.click()`` and again in the MutationObserver callback that sees
``#greeting`` filled (after the client applied the update, before paint).
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import math

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

CLICK_LOOP = """
async ({n, warmup, timeoutMs}) => {
  const button = document.querySelector('#hello');
  const greeting = document.querySelector('#greeting');
  const times = [];
  let timeouts = 0;
  for (let i = 0; i < n + warmup; i++) {
    greeting.textContent = '';
    let t0 = 0;
    const t1 = await new Promise((resolve) => {
      let timer = null;
      const observer = new MutationObserver(() => {
        if (greeting.firstChild) {
          const t = performance.now();
          clearTimeout(timer);
          observer.disconnect();
          resolve(t);
        }
      });
      timer = setTimeout(() => { observer.disconnect(); resolve(null); }, timeoutMs);
      observer.observe(greeting, {childList: true, subtree: true, characterData: true});
      t0 = performance.now();
      button.click();
    });
    if (t1 === null) { timeouts++; if (timeouts > 5) break; continue; }
    if (i >= warmup) times.push(t1 - t0);
    await new Promise((r) => setTimeout(r, 2));
  }
  return {times, timeouts};
}
"""


def pct(xs: list[float], q: float) -> float | None:
    if not xs:
        return None
    return xs[max(0, min(len(xs) - 1, math.ceil(q * len(xs)) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--url", required=True)
    ap.add_argument("--clicks", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=30)
    ap.add_argument("--timeout-ms", type=int, default=3000)
    a = ap.parse_args()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print(json.dumps({"error": "playwright is not installed in the bench venv"}))
        return
    errors: list[str] = []
    result: dict
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            try:
                page = browser.new_page()
                page.on("pageerror", lambda e: errors.append(str(e)[:200]))
                page.goto(a.url, wait_until="load", timeout=15000)
                page.wait_for_function(
                    "() => window.myWebSocket && window.myWebSocket.readyState === 1", timeout=10000
                )
                out = page.evaluate(
                    CLICK_LOOP, {"n": a.clicks, "warmup": a.warmup, "timeoutMs": a.timeout_ms}
                )
            finally:
                browser.close()
        times = sorted(out["times"])
        if not times:
            result = {
                "error": f"no click updated the DOM ({out['timeouts']} timeouts); page errors: {errors[:3]}"
            }
        else:
            result = {
                "n": len(times),
                "timeouts": out["timeouts"],
                "mean_ms": sum(times) / len(times),
                "p50_ms": pct(times, 0.5),
                "p90_ms": pct(times, 0.9),
                "p99_ms": pct(times, 0.99),
            }
            if out["timeouts"]:
                result["warning"] = (
                    f"{out['timeouts']} clicks got no update within {a.timeout_ms} ms"
                )
    except Exception as exc:  # a page that never connects, a browser that fails to start
        result = {
            "error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}",
            "page_errors": errors[:3],
        }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
