"""Under the Content-Security-Policy the browser reports no violation, on a reader page, the
print view and the admin (its scripts, styles and widgets)."""

from tests.browser.conftest import login

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile);
});
"""


def violations(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__csp")


def test_no_violation_on_reader_pages_and_the_admin(site, page):
    page.add_init_script(WATCH)
    console = []
    page.on("console", lambda m: console.append(m.text) if "Security Policy" in m.text else None)
    assert violations(page, site.url + "/") == []
    page.fill("#home-q", "giay phep")  # the suggestions script runs
    page.wait_for_timeout(500)
    assert page.evaluate("window.__csp") == []
    assert violations(page, site.url + "/ban-in/") == []
    login(page, site.url, "quantri")
    assert violations(page, site.url + "/quan-tri/") == []
    assert violations(page, site.url + "/quan-tri/handbook/revision/") == []
    assert violations(page, site.url + "/quan-tri/procedures/procedure/add/") == []
    assert console == []
    response = page.goto(site.url + "/quan-tri/")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
