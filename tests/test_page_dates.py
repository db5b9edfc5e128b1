"""A page's publication day when it has been updated: the update is never the publication.

Each case is a page as outlets publish it (address, meta tags, byline), with the day the
article file must carry, the method that found it, and a phrase its evidence must hold.
Dates are pinned: the page was first published on Monday 2025-10-06 and updated on the 8th.
"""

from __future__ import annotations

import pytest

from pipeline import pages
from tests import web_pages as wp

DATED_ADDRESS = "https://news.example.org/2025/10/06/envoys-arrive"
PLAIN_ADDRESS = "https://news.example.org/world/envoys-arrive"
MODIFIED = '<meta property="article:modified_time" content="2025-10-08T09:00:00+00:00">'
UPDATED = '<meta property="og:updated_time" content="2025-10-08T09:00:00+00:00">'

# (case, address, head, byline, published, published_by, evidence holds)
UPDATED_PAGES = [
    (
        "modified-time-after-the-address-day",
        DATED_ADDRESS,
        MODIFIED,
        "",
        "2025-10-06",
        "url",
        "the last change, not the publication",
    ),
    (
        "og-updated-time-after-the-address-day",
        DATED_ADDRESS,
        UPDATED,
        "",
        "2025-10-06",
        "url",
        "og:updated_time",
    ),
    (
        "an-updated-byline-after-the-address-day",
        DATED_ADDRESS,
        "",
        wp.time_byline("2025-10-08T09:00:00+00:00", "Updated October 8, 2025"),
        "2025-10-06",
        "url",
        "/2025/10/06/",
    ),
    (
        "published-and-modified-meta",
        PLAIN_ADDRESS,
        wp.og_published("2025-10-06T07:30:00+00:00") + MODIFIED,
        "",
        "2025-10-06",
        "meta",
        "published_time",
    ),
    (
        "json-ld-published-and-modified",
        PLAIN_ADDRESS,
        wp.news_article("2025-10-06T07:30:00+00:00", dateModified="2025-10-08T09:00:00+00:00"),
        "",
        "2025-10-06",
        "json-ld",
        "datePublished",
    ),
    (
        "modified-time-and-a-dated-byline",
        PLAIN_ADDRESS,
        MODIFIED,
        wp.time_byline("2025-10-06T07:30:00+00:00", "October 6, 2025"),
        "2025-10-06",
        "text",
        "the last change, not the publication",
    ),
    (
        "only-the-update-time",
        PLAIN_ADDRESS,
        MODIFIED,
        "",
        "2025-10-08",
        "meta",
        "update time",
    ),
]


@pytest.mark.parametrize(
    "address, head, byline, published, published_by, evidence",
    [pytest.param(*row[1:], id=row[0]) for row in UPDATED_PAGES],
)
def test_an_updated_page_is_dated_by_its_first_publication(
    address, head, byline, published, published_by, evidence
):
    page = pages.read_page(wp.page("Envoys arrive", head=head, byline=byline), address=address)
    assert (page.date.published, page.date.published_by) == (published, published_by)
    assert evidence in page.date.evidence, page.date.evidence
