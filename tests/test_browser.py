"""The search page in a real browser: Debian's Chromium driven by Playwright.

Skips when Chromium or Playwright is missing (CI installs both: see .ci/run).
"""

import json
import shutil
import urllib.parse
import urllib.request

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
sync_api = pytest.importorskip("playwright.sync_api")
if not shutil.which("chromium"):
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def page():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser.new_page()
        browser.close()


def test_ask_see_cards_follow_a_body(server, page):
    base, _ = server
    page.goto(base + "/")
    page.fill("input[name=q]", "谁牵头老旧小区改造")
    page.click("button[type=submit]")
    cards = page.locator(".answer-card")
    assert cards.count() == 2
    assert "市住建局" in page.locator("mark").all_inner_texts()
    page.locator("a.body-link", has_text="株洲市住房和城乡建设局").first.click()
    assert page.locator("h1").inner_text() == "株洲市住房和城乡建设局"
    assert "推进城镇老旧小区改造" in page.content() or "老旧小区" in page.content()


def test_run_an_example_query_on_the_sparql_page(server, page):
    base, _ = server
    page.goto(base + "/sparql")
    example = page.locator("button.example").first
    example.click()
    page.locator("button[type=submit]", has_text="Run").click()
    page.wait_for_selector("table td", timeout=15000)
    assert page.locator("table td").count() > 0


def test_source_link_opens_the_document_at_the_quote(server, page):
    base, _ = server
    page.goto(base + "/?q=" + urllib.parse.quote("株洲加装电梯哪些单位配合"))
    page.locator(".source a").first.click()
    assert "全年完成既有住宅加装电梯150台" in page.locator("mark#hl").inner_text()


def test_task_page_up_link_leads_to_the_lineage_table_and_chart(sample_server, page):
    """益阳's 农村“三路” task links up to 湖南省's; its lineage page has the chain and bar charts."""
    query = urllib.parse.urlencode({"q": "农村公路安防设施", "region": "益阳市"})
    with urllib.request.urlopen(f"{sample_server}/api/tasks?{query}", timeout=30) as response:
        iri = json.load(response)["tasks"][0]["iri"]
    page.goto(sample_server + "/page?" + urllib.parse.urlencode({"iri": iri}))
    up = page.locator("section.lineage.up")
    assert "湖南省" in up.locator("li").first.inner_text()
    up.locator("a.lineage-link").click()
    page.wait_for_selector("table.chain")
    assert page.locator("h1").inner_text() == "各级落实"
    assert page.locator("table.chain tr").count() >= 4
    assert page.locator("svg.chart rect.bar").count() >= 3


def test_ask_for_each_levels_target(sample_server, page):
    page.goto(sample_server + "/")
    page.fill("input[name=q]", "农村公路安防设施各级目标是多少")
    page.click("button[type=submit]")
    assert page.locator(".answer-card").count() >= 1
