"""Web pages in the shapes news outlets publish, served by tests/test_web.py from 127.0.0.1.

Each page has an outlet's furniture (a skip link, navigation, share buttons, related links, a
newsletter box, a footer) around a story, and keeps its publication date where that kind of
page keeps it: JSON-LD, an OpenGraph meta tag, a <time> element, only the address, nowhere.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STORY = [
    "Negotiators from Israel and Hamas arrived in the Egyptian resort of Sharm El-Sheikh for "
    "indirect talks on the American plan to end the war in Gaza, officials said.",
    "The delegations will meet separately with Egyptian and Qatari mediators, who are expected "
    "to carry proposals between the two rooms for several days, according to two diplomats "
    "familiar with the arrangements.",
    "Steve Witkoff, the American envoy, is set to join the talks on Wednesday, and the White "
    "House said that the first phase of the plan could be agreed within the week.",
]
GERMAN_STORY = [
    "Die Unterhändler Israels und der Hamas sind im ägyptischen Badeort Scharm el-Scheich zu "
    "indirekten Gesprächen über den amerikanischen Plan eingetroffen, sagten Beamte.",
    "Die Delegationen sollen getrennt mit ägyptischen und katarischen Vermittlern "
    "zusammenkommen, die über mehrere Tage Vorschläge zwischen beiden Räumen tragen werden.",
    "Der amerikanische Gesandte Steve Witkoff soll am Mittwoch hinzukommen, teilte das Weiße "
    "Haus mit, und die erste Phase könne noch in dieser Woche vereinbart werden.",
]
FURNITURE = [
    "Skip to main content",
    "Share on Facebook",
    "Sign up for our morning newsletter",
    "Markets slip as oil prices climb again",
]


def page(
    title: str,
    *,
    head: str = "",
    byline: str = "",
    paragraphs: list[str] | None = None,
    lang: str = "en",
    html_attrs: str = "",
) -> str:
    """A news page: the story in <article>, the furniture around it."""
    body = "\n".join(f"<p>{p}</p>" for p in (paragraphs or STORY))
    return f"""<!DOCTYPE html>
<html lang="{lang}" {html_attrs}>
<head>
<meta charset="utf-8">
<title>{title} | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
{head}
</head>
<body>
<a href="#main">{FURNITURE[0]}</a>
<nav><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
<li><a href="/opinion">Opinion</a></li></ul></nav>
<main id="main">
<article>
<h1>{title}</h1>
{byline}
{body}
</article>
<div class="share"><a href="/share/fb">{FURNITURE[1]}</a> <a href="/share/x">Share on X</a></div>
<aside class="newsletter"><h3>{FURNITURE[2]}</h3><form><input name="email"></form></aside>
<aside class="related"><h3>Related</h3><ul><li><a href="/markets">{FURNITURE[3]}</a></li>
<li><a href="/weather">Storm warning issued for the coast</a></li></ul></aside>
</main>
<footer><p>© The Daily Example. All rights reserved.</p></footer>
</body>
</html>"""


def json_ld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def news_article(published: str, **more) -> str:
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "Envoys arrive for Gaza talks",
            "datePublished": published,
            "author": {"@type": "Person", "name": "Dana Reporter"},
            **more,
        }
    )


def og_published(published: str) -> str:
    return f'<meta property="article:published_time" content="{published}">'


def time_byline(published: str, shown: str) -> str:
    return f'<p class="byline">By Dana Reporter, <time datetime="{published}">{shown}</time></p>'


def feed(links: list[str]) -> str:
    items = "\n".join(f"<item><title>Item</title><link>{link}</link></item>" for link in links)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>The Daily Example: Gaza talks</title>{items}</channel></rss>"
    )


Routes = dict[str, tuple]  # path -> (status, content type, body[, extra headers])


class _Handler(BaseHTTPRequestHandler):
    routes: Routes = {}

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        status, kind, body, *rest = self.routes.get(
            self.path.split("?")[0], (404, "text/html", "<h1>Not found</h1>")
        )
        headers = dict(rest[0]) if rest else {}
        data = body.encode() if isinstance(body, str) else body
        if headers.pop("X-Delay", None):
            time.sleep(2)
        trickle = headers.pop("X-Trickle", None)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if "Content-Length" in headers:
            headers.pop("Content-Length")  # streamed: the length is learnt by reading
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            if trickle:  # a byte at a time, never quite stalling
                for byte in data[:40]:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.1)
            else:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading at its limit

    def log_message(self, *args):
        pass


@contextmanager
def serve(routes: Callable[[str], Routes]) -> Iterator[str]:
    """A server on 127.0.0.1 answering `routes(base)`; yields its base address."""
    handler = type("Handler", (_Handler,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    handler.routes = routes(base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def only_this_machine(monkeypatch) -> None:
    """Fail any connection beyond 127.0.0.1, even one the code under test makes by mistake."""
    real = socket.socket.connect

    def guarded(self, address):
        if isinstance(address, tuple) and address[0] != "127.0.0.1":
            raise AssertionError(f"a test tried to connect to {address[0]}")
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
