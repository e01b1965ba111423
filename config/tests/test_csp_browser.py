"""The Content-Security-Policy in Chromium: no page, admin screen or lockout page of ours makes the
browser refuse anything (an inline script, handler or style attribute would be refused)."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " at " + event.sourceFile + ":" + event.lineNumber);
});
"""


def visit(page, path):
    page.goto(path)
    page.wait_for_load_state("load")
    assert page.evaluate("document.title"), path
    return [f"{path}: {v}" for v in page.evaluate("window.__cspViolations")]


def test_no_page_breaks_the_content_security_policy(page, log_in, officer, social_affairs, make_count, khuong_dinh, plan):
    page.context.add_init_script(RECORD_VIOLATIONS)
    make_count(khuong_dinh, 2022, near_poor_escaped=2)
    violations = visit(page, "/dang-nhap/")

    log_in("ldtbxh")
    for path in [
        "/tong-quan/", f"/phuong/{khuong_dinh.code}/", f"/phuong/{khuong_dinh.code}/2022/",
        "/khen-thuong/", "/khen-thuong/tham-dinh/", "/khen-thuong/xep-hang/", "/bao-cao/",
        "/admin/", "/admin/wards/yearlycount/", "/admin/wards/yearlycount/add/",
        "/admin/wards/yearlycount/import/", "/admin/wards/yearlycount/export/",
        "/admin/reports/reviewreport/add/",
    ]:
        violations += visit(page, path)
    assert violations == []


def test_lockout_page_in_chromium(page, officer):
    page.context.add_init_script(RECORD_VIOLATIONS)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto("/dang-nhap/")
        page.fill("#id_username", officer.username)
        page.fill("#id_password", "sai-mat-khau")
        page.click("button[type=submit]")
        page.wait_for_load_state()
    assert "Tạm khóa đăng nhập" in page.inner_text("h1")
    assert page.evaluate("window.__cspViolations") == []
