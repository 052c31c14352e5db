#!/usr/bin/env python3
"""Copy pinned front-end assets from node_modules/ (installed by `npm ci` from package-lock.json)
into static/vendor/, where whitenoise serves them. No CDN at run time.

Add an entry to ASSETS when a page needs another package (and pin it in package.json).
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# npm package -> list of (file inside the package, name in static/vendor; {version} is filled in)
ASSETS: dict[str, list[tuple[str, str]]] = {
    "htmx.org": [("dist/htmx.min.js", "htmx-{version}.min.js")],
}


def main() -> int:
    target = BASE_DIR / "static" / "vendor"
    target.mkdir(parents=True, exist_ok=True)
    for package, files in ASSETS.items():
        root = BASE_DIR / "node_modules" / package
        meta = root / "package.json"
        if not meta.exists():
            print(f"assets: {package} is not installed; run `npm ci` first", file=sys.stderr)
            return 1
        version = json.loads(meta.read_text())["version"]
        for source, name in files:
            dest = target / name.format(version=version)
            shutil.copyfile(root / source, dest)
            print(f"assets: {package}@{version} {source} -> {dest.relative_to(BASE_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
