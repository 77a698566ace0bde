"""A real browser (Debian's chromium, driven by Playwright) on the kiosk's portrait screen: touch, keyboard,
no scripts; role and label locators only, so the tests lean on the same names a screen reader reads."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.conftest import in_ci
from tests.web.conftest import journal_lines, make_config
from tests.web.servers import thread_server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
KIOSK = {"width": 1080, "height": 1920}
MIN_TARGET_PX = 48


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium under Playwright; under CI=true its absence fails the test."""
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "the playwright package is not installed (pip install -e '.[test]')"
    if problem is None and not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install chromium)"
    if problem:
        if in_ci():
            pytest.fail(f"CI=true: {problem}")
        pytest.skip(f"{problem}; set CI=true to fail instead")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def kiosk(tmp_path):
    """The kiosk's server: one district, Riverside, as `lumen web traveling/kiosk` offers."""
    config = make_config(tmp_path, districts=("Riverside",), title="Dental Illuminations: Riverside Kiosk")
    with thread_server(config) as (url, _):
        yield url, config


def screenshot(page, **kwargs) -> np.ndarray:
    page.evaluate("document.fonts.ready")
    return np.asarray(Image.open(io.BytesIO(page.screenshot(animations="disabled", caret="hide", **kwargs))).convert("RGB"))


def tap(locator) -> None:
    """Tap a control's label tile after checking that it is big enough for a finger."""
    target = locator.locator("xpath=ancestor-or-self::label[1]")
    box = target.bounding_box()
    assert box["height"] >= MIN_TARGET_PX and box["width"] >= MIN_TARGET_PX, f"a {box['width']}x{box['height']} target"
    target.tap()


def test_a_resident_fills_the_form_by_touch_and_reads_the_receipt(browser, kiosk, snapshot):
    url, config = kiosk
    context = browser.new_context(viewport=KIOSK, has_touch=True, device_scale_factor=1)
    page = context.new_page()
    page.goto(url + "/")
    assert page.get_by_role("radio", name="Riverside").is_checked(), "a kiosk's own district is chosen already"
    snapshot(screenshot(page), "web_form_kiosk_1080x1920")
    tap(page.get_by_label("35 to 49"))
    tap(page.get_by_label("Prefer not to say"))
    first = page.get_by_role("group", name="Moment 1")
    first.get_by_label("What happened").select_option(label="Check-up")
    first.get_by_label("Where").select_option(label="Tele-dentistry (the city network)")
    first.get_by_label("When (month)").select_option(label="May 2026")
    second = page.get_by_role("group", name="Moment 2")
    second.get_by_label("What happened").select_option(label="Wanted care but could not get it")
    second.get_by_label("Where").select_option(label="At a clinic")
    second.get_by_label("When (month)").select_option(label="March 2025")
    for control in (first.get_by_label("What happened"), page.get_by_role("button", name="Add my light")):
        assert control.bounding_box()["height"] >= MIN_TARGET_PX
    tap(page.get_by_label("I agree to share these answers as a light on the wall"))
    page.get_by_role("button", name="Add my light").tap()
    page.get_by_role("heading", name="Thank you").wait_for()
    assert "Your light is blooming in Riverside." in page.get_by_text("Your light is blooming in").inner_text()
    code = page.locator("#receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    [line] = journal_lines(config)
    record = json.loads(line)
    assert record["age_band"] == "35-49" and record["income_band"] == "undisclosed"
    assert record["events"] == [{"day": 68, "kind": "barrier", "channel": "clinic"},
                                {"day": 494, "kind": "checkup", "channel": "network"}]
    assert code.encode() in (config.journal / "web" / "receipts.jsonl").read_bytes()
    snapshot(screenshot(page, mask=[page.locator("#receipt-code")]), "web_receipt_kiosk_1080x1920")
    context.close()


def tab_to(page, element_id: str, limit: int = 80) -> None:
    """Press Tab until the element with this id has the focus, and check that the focus can be seen."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline == "solid", f"#{element_id} has focus but no visible focus ring"
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def test_the_form_works_by_keyboard_alone(browser, kiosk):
    url, config = kiosk
    context = browser.new_context(viewport=KIOSK)
    page = context.new_page()
    page.goto(url + "/")
    tab_to(page, "age_band-0")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # a radio group moves and chooses with the arrows
    tab_to(page, "income_band-0")
    page.keyboard.press("Space")
    tab_to(page, "event-0-kind")
    page.keyboard.press("ArrowDown")  # the first kind: Check-up
    tab_to(page, "event-0-channel")
    page.keyboard.press("ArrowDown")  # At a clinic
    tab_to(page, "event-0-month")
    page.keyboard.press("ArrowDown")  # the newest month
    tab_to(page, "consent")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")  # submits the form from its checkbox
    page.get_by_role("heading", name="Thank you").wait_for()
    assert page.evaluate("document.activeElement.id") == "receipt-title", "the receipt takes the focus"
    [line] = journal_lines(config)
    record = json.loads(line)
    assert (record["age_band"], record["income_band"]) == ("35-49", "low")
    assert record["events"] == [{"day": 708, "kind": "checkup", "channel": "clinic"}]  # December 2026, the 15th
    context.close()


def test_errors_are_announced_and_linked_to_the_field(browser, kiosk):
    url, config = kiosk
    context = browser.new_context(viewport=KIOSK)
    page = context.new_page()
    page.goto(url + "/")
    page.get_by_label("Under 18").check()
    page.get_by_label("Middle income").check()
    page.get_by_role("group", name="Moment 1").get_by_label("What happened").select_option(label="Filling")
    page.get_by_label("I agree to share these answers as a light on the wall").check()
    page.get_by_role("button", name="Add my light").click()
    alert = page.get_by_role("alert")
    alert.get_by_text("Moment 1:").wait_for()
    assert page.evaluate("document.activeElement.id") == "form-error"
    assert page.get_by_role("group", name="Moment 1").get_by_label("When (month)").get_attribute("aria-invalid") == "true"
    assert journal_lines(config) == []
    context.close()


def test_without_scripts_the_form_posts_itself(browser, kiosk):
    # Also proves the same-origin check lets a real browser's own POST through under no-referrer.
    url, config = kiosk
    context = browser.new_context(viewport=KIOSK, java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "/")
    page.get_by_label("80 or older").check()
    page.get_by_label("Higher income").check()
    page.get_by_label("I agree to share these answers as a light on the wall").check()
    page.get_by_role("button", name="Add my light").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    assert "Riverside" in page.get_by_text("Your light is blooming in").inner_text()
    assert len(journal_lines(config)) == 1
    page.go_back()
    page.reload()  # the browser may post the same form again: the same key, so the same light
    assert len(journal_lines(config)) == 1
    context.close()


def test_staff_sign_in_and_act_in_a_real_browser(browser, kiosk):
    url, config = kiosk
    from tests.web.conftest import TOKEN

    context = browser.new_context(viewport={"width": 1024, "height": 1366}, has_touch=True)
    page = context.new_page()
    response = page.goto(url + "/staff")
    assert response.status == 401
    page.get_by_label("Staff token").fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="The show").wait_for()
    assert page.get_by_text("show not running").is_visible()
    page.get_by_label("Wait for a staff member").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("moderation: hold").wait_for()
    cookie = next(c for c in context.cookies() if c["name"] == "lumen_staff")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    context.close()
