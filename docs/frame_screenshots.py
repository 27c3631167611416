"""Screenshots of the report's 'frame' section (issue #30), from the hand-made case.

    cmtime share tests/data/frame_case --client Dupont --out /tmp/frame \
        --from 2026-10-01 --to 2026-11-30
    python docs/frame_screenshots.py /tmp/frame
    pdftoppm -r 80 -f 2 -l 2 -png /tmp/frame/report.pdf docs/share-report-frame-pdf
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent


def main(folder: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for width, name in ((390, "phone"), (1280, "desktop")):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto((Path(folder).resolve() / "report.html").as_uri())
            page.locator('[data-section="frame"]').screenshot(path=str(HERE / f"share-report-frame-{name}.png"))
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1])
