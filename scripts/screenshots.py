"""Screenshots of the web app for the README: a dyad timeline and an event page.

Serves a database in this process and photographs two pages in headless Chromium
(Debian's chromium, driven by Playwright). The README's images come from the real
corpora (../shared: VOA, Wikinews and the Wikipedia current-events items):

    .venv/bin/eventwire ingest ../shared/corpora/voa/voa_stories.jsonl \\
        ../shared/corpora/wikinews_vanatteveldt/wikinews_2019_2020.jsonl \\
        ../shared/corpora/wikipedia_current_events/current_events_items.jsonl \\
        --db /tmp/corpora.duckdb
    .venv/bin/python scripts/screenshots.py --db /tmp/corpora.duckdb
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from eventwire.web.app import create_app

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 860}
# Iran and the United States in 2026: talks and strikes week by week.
DYAD_PAGE = "/dyads/IRN/USA?since=2026-01-01&interval=week"
# VOA, 2024-10-03: Spain's prime minister to urge the European Commission on EV tariffs.
EVENT_PAGE = "/events/8936eef1b54045a0e2205168:ea66b42ab58fe14f"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="The event database.")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "img")
    parser.add_argument("--dyad", default=DYAD_PAGE, help="Path of the dyad page.")
    parser.add_argument("--event", default=EVENT_PAGE, help="Path of the event page.")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(args.db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        base = f"http://127.0.0.1:{port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport=VIEWPORT)
            for name, path in (("dyad", args.dyad), ("event", args.event)):
                response = page.goto(base + path)
                if response is None or not response.ok:
                    raise SystemExit(f"{path}: {response.status if response else 'no response'}")
                target = args.out / f"{name}.png"
                page.screenshot(path=str(target))
                sys.stdout.write(f"{target}: {target.stat().st_size // 1024} kB\n")
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


if __name__ == "__main__":
    main()
