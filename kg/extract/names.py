"""Word lists for reading names: titles, military ranks, posts, organisation and place head nouns.

These are English news conventions, not names of any particular entity; the entities themselves come
from the knowledge base's gazetteer and from the text.
"""

from __future__ import annotations

import re

from .vocabulary import phrases, words

# Honorifics dropped from a person's name and never a post.
HONORIFICS = words("names", "honorifics")

# Military and police ranks, longest first when matched (multi-word ranks are tuples of lower-case words).
RANKS = phrases("names", "ranks")
RANK_WORDS = {w for r in RANKS for w in r}

# Head words of public posts. Multi-word heads are matched as word tuples.
POST_HEADS = phrases("names", "post_heads")
POST_HEAD_WORDS = {w for h in POST_HEADS for w in h} - {"of", "in", "state", "government", "general"}

# Words that may stand before a post head inside the post ("foreign affairs secretary", "army chief").
POST_MODIFIERS = words("names", "post_modifiers")

# The word "former" (and its kin) marks a post no longer held.
FORMER_WORDS = words("names", "former_words")

# Head nouns that make a capitalised phrase an organisation.
ORG_HEADS = words("names", "org_heads")

# Head nouns that make a capitalised phrase a place.
PLACE_HEADS = words("names", "place_heads")
# Of these, the ones that name an administrative unit after a proper name ("Garissa county").
ADMIN_UNITS = words("names", "admin_units")

# Words that name an armed force after a country or demonym ("Kenyan military", "Uganda's army").
ARMED_FORCES_WORDS = phrases("names", "armed_forces_words")
# Other bodies named that way: the label keeps the words ("Kenyan Foreign Ministry", "Kenya Coast Guard").
STATE_BODY_WORDS = phrases("names", "state_body_words")

PARTICLES = words("names", "particles")

_APOSTROPHES = "\u2019'"


def surname_core(token: str) -> str:
    """The comparable core of a name token: "al-Hakim" -> "hakim", "El-Sayed" -> "sayed"."""
    t = token.lower().strip(_APOSTROPHES)
    t = re.sub(r"^(al|el|ad|as|ash|ar|an|at)-", "", t)
    return t


def initials(words: list[str]) -> str:
    """The initial letters of the capitalised words: "Intergovernmental Authority on Development" -> "IAD"."""
    out = []
    for w in words:
        for part in re.split(r"[-\s]", w):
            if part and part[0].isupper():
                out.append(part[0])
    return "".join(out)


# Abbreviations whose dot belongs to the word ("Maj.", "Gen.", "St.").
ABBREVIATIONS = words("names", "abbreviations")

# Compass words that make a new place of a country name ("South Kivu", "West Africa").
COMPASS = words("names", "compass")

# Nouns after a capitalised name that make it a document, not a body ("the Comprehensive Strategic Partnership treaty").
DOCUMENT_NOUNS = words("names", "document_nouns")

# A capitalised phrase made only of these words describes a body without naming it ("the Armed Forces").
GENERIC_ORG_WORDS = words("names", "generic_org_words")

# "<Demonym>-led coalition": a grouping named after the country leading it.
LED_GROUP_NOUNS = words("names", "led_group_nouns")

# Capitalised phrases ending in these name happenings, not bodies ("General Election", "World Cup").
EVENT_NOUNS = words("names", "event_nouns")

# Posts that news English writes in lower case before a full name ("ministry spokesperson Zhang Wei").
LOWER_CASE_POSTS = words("names", "lower_case_posts")
