"""Headless Chromium for the portal client: local driver only (no Selenium Manager downloads)."""
from __future__ import annotations

import os
import shutil
import tempfile

CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--disable-gpu",
                "--window-size=1280,900"]


def chrome_start(*, headless: bool = True):
    """Returns (driver, profile_dir); the caller quits the driver and removes the profile."""
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="bozor-portal-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROME_FLAGS + [f"--user-data-dir={profile}"]:
        if headless or not flag.startswith("--headless"):
            options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(20)
    return driver, profile


def chrome_stop(driver, profile: str) -> None:
    try:
        driver.quit()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
