"""What a reader sees, in headless Chromium, with the site served under a sub-path."""

from __future__ import annotations

from urllib.parse import urlparse


def open_page(browser, url: str, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or ""))
    page.goto(url)
    return page, hosts


def test_reader_navigates_from_home_to_a_section_under_a_sub_path(browser, site_url):
    page, hosts = open_page(browser, site_url)
    page.get_by_role("link", name="Fifth Plenary Session", exact=False).first.click()
    assert page.url.startswith(site_url + "reports/2023-chaoyang-plenary/")
    page.locator(".md-content a", has_text="回眸篇").first.click()
    page.wait_for_url("**/hui-mou-pian/")
    assert page.locator("#p11").inner_text().startswith("政治素质显著提升。")
    page.locator("nav.md-nav a", has_text="党建篇").first.click()
    page.wait_for_url("**/dang-jian-pian/")
    assert page.locator("#p63").count() == 1
    assert hosts == {"127.0.0.1"}
    page.close()


def test_permalink_anchor_targets_its_paragraph(browser, site_url):
    page, _ = open_page(browser, site_url + "reports/2023-chaoyang-plenary/hui-mou-pian/#p20")
    box = page.locator("#p20").bounding_box()
    assert box is not None and 0 <= box["y"] < 200
    page.close()
