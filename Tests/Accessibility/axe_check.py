#!/usr/bin/env python3
"""Runs axe-core on Folio's HTML pages in headless Chromium, through Selenium.

Usage: axe_check.py PAGE.html...
       axe_check.py --tools      (exit 0 when every tool below is installed)

Each page is checked in three views: light and dark (prefers-color-scheme emulated) in a
window 1,280 px wide, and light at 320 px (the narrowest width WCAG 1.4.10 asks for).
axe runs the WCAG 2.0/2.1 A and AA rules; any violation of impact serious or critical
fails. The script also checks what axe cannot see in the rendered page, in every view:
the chart marks' and axis lines' computed colours against the page (>= 3:1, WCAG
1.4.11), chart text (>= 4.5:1), each chart's <title> and <desc>, one <main>, one <h1>, a
name for every table, and a page no wider than the window (WCAG 1.4.10).

Prints one line per page and view, the violations found, then 'N passed, N failed'.
Exit status: 0 when every page passes, 1 when any fails, 2 when the tools are missing.
axe-core is the script that the PyPI package axe-selenium-python ships (4.10 or later).
"""
import json
import os
import sys

try:
    import axe_selenium_python
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
except ImportError as error:  # make test-deps installs them
    print(f"missing: {error.name} (make test-deps installs selenium and axe-selenium-python)")
    sys.exit(2)

AXE = os.path.join(os.path.dirname(axe_selenium_python.__file__), "node_modules", "axe-core", "axe.min.js")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWS = [("light", 1280), ("dark", 1280), ("light", 320)]

# What axe cannot check, measured in the page as the browser draws it.
PAGE_CHECKS = r"""
function luminance(rgb) {
  const m = rgb.match(/[\d.]+/g); if (!m) return null;
  const c = m.slice(0, 3).map(v => { v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}
function ratio(a, b) { const x = luminance(a), y = luminance(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
const problems = [];
const page = getComputedStyle(document.body).backgroundColor;
for (const g of document.querySelectorAll('svg.folio-chart g.series')) {
  const colour = getComputedStyle(g).color, r = ratio(colour, page);
  if (r < 3) problems.push(`chart mark colour ${colour} is ${r.toFixed(2)}:1 against the page ${page} (needs 3:1)`);
}
for (const line of document.querySelectorAll('svg.folio-chart line.axis, svg.folio-chart line.zero')) {
  const colour = getComputedStyle(line).stroke, r = ratio(colour, page);
  if (r < 3) problems.push(`axis line ${colour} is ${r.toFixed(2)}:1 against the page (needs 3:1)`);
}
for (const text of document.querySelectorAll('svg.folio-chart text')) {
  if (!text.textContent.trim()) continue;
  const colour = getComputedStyle(text).fill, r = ratio(colour, page);
  if (r < 4.5) problems.push(`chart text "${text.textContent.slice(0, 40)}" in ${colour} is ${r.toFixed(2)}:1 against the page (needs 4.5:1)`);
}
for (const svg of document.querySelectorAll('svg.folio-chart')) {
  const title = svg.querySelector(':scope > title'), desc = svg.querySelector(':scope > desc');
  if (!title || !title.textContent.trim() || !desc || !desc.textContent.trim()) problems.push('a chart without a <title> and <desc>');
}
const doc = document.documentElement;
if (doc.scrollWidth > doc.clientWidth + 1) problems.push(`the page is ${doc.scrollWidth} px wide in a ${doc.clientWidth} px window (it must reflow, WCAG 1.4.10)`);
const mains = document.querySelectorAll('main').length;
if (mains !== 1) problems.push(`${mains} <main> elements (needs one)`);
const h1s = document.querySelectorAll('h1').length;
if (h1s !== 1) problems.push(`${h1s} <h1> elements (needs one)`);
for (const table of document.querySelectorAll('table')) {
  const figure = table.closest('figure');
  const named = table.querySelector(':scope > caption') || (figure && figure.querySelector(':scope > figcaption')) || table.getAttribute('aria-label') || table.getAttribute('aria-labelledby');
  if (!named) problems.push(`a table without a name: ${table.outerHTML.slice(0, 80)}`);
}
return problems;
"""


def axe_version(source):
    """(major, minor) of the axe-core script, from its first line: `/*! axe v4.10.2`."""
    try:
        major, minor = source[:40].split("axe v")[1].split()[0].split(".")[:2]
        return int(major), int(minor)
    except (IndexError, ValueError):
        return (0, 0)


def tools():
    """The browser, its driver and axe-core (>= 4.10), or a line saying what is missing."""
    chromium = os.environ.get("FOLIO_CHROMIUM") or next(
        (p for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] if os.path.exists(p)), None)
    driver = next((p for p in ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"] if os.path.exists(p)), None)
    with open(AXE, encoding="utf-8") as f:
        source = f.read()
    if chromium is None:
        return None, "missing: chromium (make test-deps installs it)"
    if driver is None:
        return None, "missing: chromedriver (make test-deps installs chromium-driver)"
    if axe_version(source) < (4, 10):
        return None, f"axe-core {source[:40].splitlines()[0]} is older than 4.10 (make test-deps installs axe-selenium-python 3.0.0)"
    return (chromium, driver, source), None


def main(pages):
    found, missing = tools()
    if missing:
        print(missing)
        return 2
    chromium, driver_path, axe_source = found
    options = Options()
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"]:
        options.add_argument(flag)
    options.binary_location = chromium
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.set_script_timeout(120)
    print("axe-core %d.%d, Chromium %s" % (*axe_version(axe_source), driver.capabilities.get("browserVersion", "?")))
    passed = failed = 0
    try:
        for page in pages:
            url = "file://" + os.path.abspath(page)
            for scheme, width in VIEWS:
                driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
                driver.set_window_size(width, 900)
                driver.get(url)
                driver.execute_script(axe_source)
                results = driver.execute_async_script(
                    "const done = arguments[arguments.length - 1];"
                    "axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']})"
                    ".then(r => done(r.violations), e => done({error: String(e)}));" % json.dumps(TAGS))
                if isinstance(results, dict):
                    print(f"FAIL {page} [{scheme} {width}px]: axe did not run: {results['error']}")
                    failed += 1
                    continue
                serious = [v for v in results if v.get("impact") in ("serious", "critical")]
                problems = driver.execute_script(PAGE_CHECKS)
                if serious or problems:
                    failed += 1
                    print(f"FAIL {page} [{scheme} {width}px]")
                    for v in serious:
                        print(f"  {v['impact']}: {v['id']}: {v['help']} ({len(v['nodes'])} nodes)")
                        for node in v["nodes"][:4]:
                            print(f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').splitlines()[-1].strip() if node.get('failureSummary') else ''}")
                            print(f"      {node['html'][:160]}")
                    for p in problems:
                        print(f"  page: {p}")
                else:
                    passed += 1
                    print(f"ok   {page} [{scheme} {width}px] ({len(results)} minor or moderate)")
    finally:
        driver.quit()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--tools"]:
        found, missing = tools()
        print(missing or "ok")
        sys.exit(2 if missing else 0)
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
