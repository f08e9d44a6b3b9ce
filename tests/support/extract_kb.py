"""A small hand-made knowledge base for the extraction tests: the KB's API with a dozen entries.

The real KB compiles thousands of names; these tests are about the rules, so they use a few names
whose keys and labels they can state.
"""

from __future__ import annotations

from kg.link import GazetteerEntry
from kg.model import Article


def _country(label, key, *names, demonyms=(), qid=None):
    out = [GazetteerEntry(label, "Country", label, key, qid)]
    out += [GazetteerEntry(n, "Country", label, key, qid) for n in names]
    out += [GazetteerEntry(d, "Country", label, key, qid, demonym=True) for d in demonyms]
    return out


ENTRIES = [
    *_country("Kenya", "country/kenya", demonyms=("Kenyan",)),
    *_country("Ethiopia", "country/ethiopia", demonyms=("Ethiopian",)),
    *_country("Somalia", "country/somalia", demonyms=("Somali",)),
    *_country("Uganda", "country/uganda", demonyms=("Ugandan",)),
    *_country("Tanzania", "country/tanzania", demonyms=("Tanzanian",)),
    *_country("Rwanda", "country/rwanda", demonyms=("Rwandan",)),
    *_country("Sudan", "country/sudan", demonyms=("Sudanese",)),
    *_country("Chad", "country/chad", demonyms=("Chadian",)),
    *_country("Nigeria", "country/nigeria", demonyms=("Nigerian",)),
    *_country("France", "country/france", demonyms=("French",)),
    *_country("Germany", "country/germany", demonyms=("German",)),
    *_country("Italy", "country/italy", demonyms=("Italian",)),
    *_country("Turkey", "country/turkey", "Türkiye", "Turkiye", demonyms=("Turkish",)),
    *_country("United States", "country/united-states", "U.S.", "United States of America", demonyms=("American",)),
    *_country("Pakistan", "country/pakistan", demonyms=("Pakistani",)),
    *_country("Afghanistan", "country/afghanistan", demonyms=("Afghan",)),
    *_country("Bosnia and Herzegovina", "country/bosnia-and-herzegovina"),
    GazetteerEntry("Nairobi", "Place", "Nairobi", "place/nairobi", subtype="City", country="country/kenya"),
    GazetteerEntry("Geneva", "Place", "Geneva", "place/geneva", subtype="City"),
    GazetteerEntry("Addis Ababa", "Place", "Addis Ababa", "place/addis-ababa", subtype="City"),
    GazetteerEntry("Garissa", "Place", "Garissa", "place/garissa", subtype="City"),
    GazetteerEntry("African Union", "Organization", "African Union", "org/african-union"),
    GazetteerEntry("AU", "Organization", "African Union", "org/african-union", exact=True),
    GazetteerEntry("United Nations", "Organization", "United Nations", "org/united-nations"),
    GazetteerEntry("UN", "Organization", "United Nations", "org/united-nations", exact=True),
    GazetteerEntry(
        "United Nations Security Council",
        "Organization",
        "United Nations Security Council",
        "org/united-nations-security-council",
    ),
    GazetteerEntry(
        "UN Security Council", "Organization", "United Nations Security Council", "org/united-nations-security-council"
    ),
    GazetteerEntry("East African Community", "Organization", "East African Community", "org/east-african-community"),
    GazetteerEntry(
        "William Ruto",
        "Official",
        "William Ruto",
        "person/william-ruto",
        country="country/kenya",
        position="President of Kenya",
    ),
    GazetteerEntry(
        "Maria Santos",
        "Official",
        "Maria Santos",
        "person/maria-santos",
        country="country/italy",
        position="Prime Minister of Italy",
    ),
]


class TinyKB:
    """gazetteer() and lookup() over ENTRIES (lookup knows only the listed names)."""

    def __init__(self, entries=ENTRIES):
        self.entries = list(entries)

    def gazetteer(self):
        return iter(self.entries)

    def lookup(self, name, type=None, context=None, subtype=None, evidence=None):
        return None


def article(body: str, title: str = "A test article", published: str | None = "2025-03-04") -> Article:
    from kg.articles import article_id

    return Article(id=article_id(body), title=title, body=body, published=published)


def run(nlp, body_or_article):
    """(article, Doc) after the extraction pipeline `nlp` ran over one article (a body gets a dated test article)."""
    from kg.extract import docdata

    art = body_or_article if isinstance(body_or_article, Article) else article(body_or_article)
    return art, nlp(docdata.set_article(nlp.make_doc(art.body), art))


def recognised(nlp, body_or_article):
    """(article, DocEntities) the pipeline's entity component found."""
    from kg.extract import docdata

    art, doc = run(nlp, body_or_article)
    return art, docdata.entities_of(doc)
