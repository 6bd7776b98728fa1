"""A breadth-first crawl of the workbench in a real browser, as an analyst clicking every link.

Each URL is first fetched through the browser context's request client (same cookies as
the page), so downloads (PDF, JSON, goAML exports) are checked without opening them. An
HTML page with scripts is then opened in the page, given time to fill in what its
scripts load, and its ``a[href]`` links (including those the scripts added) are queued;
a page without scripts or forms is what the server sent, so its links are read from
that HTML (a third of the time for the same coverage). GET forms (filters, search) are
followed too, with the values they show and with each option of each select. A page
fails the crawl when it answers 4xx/5xx, when a request its scripts make answers
4xx/5xx, or when it still says "Loading..." (or "Tracing...") after ``settle_ms``.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit

from playwright.sync_api import Page, Response
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# Links that change state or end the session: an analyst's click, not a crawler's.
SKIP_PATHS = ("/ui/logout",)
# Query parameters that only move the selection on the same page (the queue's "focus").
SAME_PAGE = frozenset({"focus"})
STILL_LOADING = """() => /(Loading|Tracing)(\\.\\.\\.|\u2026)/.test(document.body.innerText)"""
# Links, and the addresses the page's GET forms (filters, search) lead to: with the
# values the form shows, and with each option of each of its selects in turn.
LINKS = """() => {
  const out = Array.from(document.querySelectorAll('a[href]')).map(a => a.href);
  const gets = Array.from(document.querySelectorAll('form[action]'))
    .filter(f => (f.getAttribute('method') || 'get').toLowerCase() === 'get');
  for (const f of gets) {
    const url = (data) => f.action + '?' + new URLSearchParams(data).toString();
    out.push(url(new FormData(f)));
    for (const s of f.querySelectorAll('select[name]')) for (const o of s.options) {
      const data = new FormData(f); data.set(s.name, o.value); out.push(url(data));
    }
  }
  return out;
}"""


@dataclass
class Crawl:
    """What a crawl saw: pages opened, every URL checked and every failure, with its referrer."""

    opened: list[str] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    referrer: dict[str, str] = field(default_factory=dict)
    truncated: bool = False
    seconds: dict[str, float] = field(default_factory=dict)


class _Links(HTMLParser):
    """The ``a[href]`` of server-sent HTML, and whether the browser must open the page:
    it runs a script, or it has a GET form whose addresses the browser works out (every
    page has the POST log-out form: that one does not count)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.scripted = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        href = found.get("href")
        if tag == "a" and href:
            self.hrefs.append(href)
        get_form = tag == "form" and (found.get("method") or "get").lower() == "get"
        self.scripted = self.scripted or tag == "script" or get_form


def _key(url: str) -> str:
    """Dedupe by path and query: the fragment and a selection parameter are the same page."""
    parts = urlsplit(urldefrag(url)[0])
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, True) if k not in SAME_PAGE])
    return parts.path + (f"?{query}" if query else "")


BROWSER_PER_SHAPE = 3  # pages of one route opened in the browser; the rest are fetched


def _shape(path: str) -> str:
    """The route a page is an instance of: its first two path segments, how many follow,
    and its query's keys ("/ui/alerts/+1?" for every alert page)."""
    parts = urlsplit(path)
    segments = parts.path.strip("/").split("/")
    keys = sorted({k for k, _ in parse_qsl(parts.query, True)})
    return "/" + "/".join(segments[:2]) + f"/+{max(0, len(segments) - 2)}?" + ",".join(keys)


def _open(page: Page, url: str, settle_ms: int) -> tuple[str, list[str]]:
    """Open ``url`` in the page and let its scripts run; where it ended and its links.

    Raises PlaywrightTimeout when the page still says it is loading after ``settle_ms``."""

    page.goto(url, wait_until="load")
    page.wait_for_function(f"() => !({STILL_LOADING})()", timeout=settle_ms)
    links: list[str] = page.evaluate(LINKS)
    return page.url, links


def crawl(page: Page, origin: str, start: str, limit: int = 400, settle_ms: int = 10_000) -> Crawl:
    """Follow every same-origin link from ``start`` breadth-first, at most ``limit`` URLs."""
    seen = Crawl()
    queue: deque[str] = deque([_key(start)])
    queued = {_key(start)}
    current = [""]

    def on_response(response: Response) -> None:
        url = response.url
        if url.startswith(origin) and response.status >= 400:
            seen.failures.append(f"{response.status} {_key(url)} (fetched by {current[0]})")

    page.on("response", on_response)
    opened_per_shape: dict[str, int] = {}
    while queue:
        if len(seen.checked) >= limit:
            seen.truncated = True
            break
        path = queue.popleft()
        via = seen.referrer.get(path, "(start)")
        started = time.monotonic()
        answer = page.context.request.get(origin + path, max_redirects=5)
        seen.checked[path] = answer.status
        if answer.status >= 400:
            seen.failures.append(f"{answer.status} {path} (linked from {via})")
            continue
        if "text/html" not in answer.headers.get("content-type", ""):
            continue
        html = _Links()
        html.feed(answer.text())
        seen.opened.append(path)
        base, hrefs = answer.url, html.hrefs
        # Every URL is fetched and its links followed; a page that runs scripts is also
        # opened in the browser, for the first few of each route (the scripts are the
        # route's, so more instances of it find no new kind of failure, only take time).
        shape = _shape(path)
        if html.scripted and opened_per_shape.get(shape, 0) < BROWSER_PER_SHAPE:
            opened_per_shape[shape] = opened_per_shape.get(shape, 0) + 1
            current[0] = path
            try:
                base, hrefs = _open(page, origin + path, settle_ms)
            except PlaywrightTimeout:
                seen.failures.append(f"still Loading... after {settle_ms} ms: {path} (via {via})")
        seen.seconds[path] = time.monotonic() - started
        for href in hrefs:
            absolute = urljoin(base, href)
            if not absolute.startswith(origin + "/"):
                continue
            key = _key(absolute)
            if key in queued or key.startswith(SKIP_PATHS):
                continue
            queued.add(key)
            seen.referrer[key] = path
            queue.append(key)
    page.remove_listener("response", on_response)
    return seen
