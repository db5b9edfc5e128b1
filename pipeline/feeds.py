"""Feeds in: the article addresses an RSS or Atom feed lists, newest as the feed orders them.

A feed is how a reader follows a story as it moves; run again, it lists mostly what was
already fetched, so the fetch step compares these addresses with the articles it holds.
The XML is parsed without loading external entities or DTDs: a feed is untrusted input.
"""

from __future__ import annotations

from urllib.parse import urljoin


def feed_links(body: bytes, *, base: str = "") -> list[str]:
    """Item addresses in an RSS 2.0, RSS 1.0 (RDF) or Atom feed; ValueError when it is none."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as err:
        raise ValueError(f"not a feed: the XML cannot be read ({err})") from None
    if root is None:
        raise ValueError("not a feed: the document is empty")
    kind = etree.QName(root).localname.lower()
    if kind not in ("rss", "rdf", "feed"):
        raise ValueError(f"not a feed: an RSS or Atom document was expected, not <{kind}>")
    links: list[str] = []
    if kind == "feed":
        for entry in root.iterfind("{*}entry"):
            alternates = [
                link.get("href")
                for link in entry.iterfind("{*}link")
                if link.get("rel", "alternate") == "alternate" and link.get("href")
            ]
            if alternates:
                links.append(urljoin(base, alternates[0].strip()))
    else:
        for item in root.iter("{*}item", "item"):
            link = item.find("{*}link")
            if link is None:
                link = item.find("link")
            if link is not None and (link.text or "").strip():
                links.append(urljoin(base, link.text.strip()))
    return list(dict.fromkeys(links))
