"""The query page in a real browser: headless Chromium opens it, runs a catalogue query and
finds the rows in the results table, and the page asks nothing of any server but ours.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them) and Selenium;
skips, saying which is missing, where they are not. The screenshot is saved under the test's
temporary folder (its path is printed) so a person can look at the page.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.query import run_named
from kg.store import TrialStore

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture
def browser(tmp_path: Path):
    """A headless Chromium driven by Selenium, with a fresh profile and no background traffic."""
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("no chromium/chromedriver on PATH (Debian: apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_page_runs_a_catalogue_query_and_shows_its_rows(
    browser, endpoint: str, sample_store: Path, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.wait import WebDriverWait

    expected = run_named(TrialStore.open(sample_store), "status-counts", {})
    browser.get(f"{endpoint}/")
    wait = WebDriverWait(browser, 20)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#catalogue option")) > 5)
    choice = Select(browser.find_element(By.ID, "catalogue"))
    choice.select_by_value("countries-ranked")
    wait.until(lambda d: "countries" in d.find_element(By.ID, "about").text.lower())
    choice.select_by_value("status-counts")
    editor = browser.execute_script("return Yasgui && document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert "title: Trials by overall status" in editor or "overall" in editor.lower()
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")) >= len(expected.rows))
    table = browser.find_element(By.CSS_SELECTOR, ".yasr table").text
    for status, count in ([t.value for t in row] for row in expected.rows):
        assert status in table and count in table
    screenshot = tmp_path / "query-page.png"
    browser.save_screenshot(str(screenshot))
    print(f"screenshot: {screenshot}")
    requested = _requested_urls(browser)
    assert f"{endpoint}/static/yasgui.min.js" in requested and f"{endpoint}/sparql" in requested
    outside = [u for u in requested if u.startswith(("http:", "https:", "ws:", "wss:")) and not u.startswith(endpoint)]
    assert outside == []  # chrome:// pages of the browser itself are not network requests
