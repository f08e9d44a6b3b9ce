"""Word lists for reading names: titles, military ranks, posts, organisation and place head nouns.

These are English news conventions, not names of any particular entity; the entities themselves come
from the knowledge base's gazetteer and from the text.
"""

from __future__ import annotations

import re

# Honorifics dropped from a person's name and never a post.
HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "dame", "sheikh", "prof", "professor", "h.e.", "his", "her", "ayatollah",
              "pope", "cardinal", "imam", "rabbi", "reverend", "rev", "mullah", "archbishop", "bishop", "hon"}

# Military and police ranks, longest first when matched (multi-word ranks are tuples of lower-case words).
RANKS = [
    ("field", "marshal"), ("air", "chief", "marshal"), ("air", "marshal"), ("lieutenant", "general"),
    ("lt.", "gen."), ("lt", "gen"), ("lt.", "gen"), ("major", "general"), ("maj.", "gen."), ("maj", "gen"),
    ("maj.", "gen"), ("brigadier", "general"), ("brig.", "gen."), ("brig", "gen"), ("brig.", "gen"),
    ("rear", "admiral"), ("vice", "admiral"), ("lieutenant", "colonel"), ("lt.", "col."), ("lt", "col"),
    ("general",), ("gen.",), ("gen",), ("admiral",), ("adm.",), ("marshal",), ("brigadier",), ("brig.",),
    ("colonel",), ("col.",), ("major",), ("maj.",), ("captain",), ("capt.",), ("lieutenant",), ("lt.",),
    ("commodore",), ("sergeant",), ("sgt.",),
]
RANK_WORDS = {w for r in RANKS for w in r}

# Head words of public posts. Multi-word heads are matched as word tuples.
POST_HEADS = [
    ("secretary-general",), ("secretary", "general"), ("secretary", "of", "state"), ("prime", "minister"),
    ("commander-in-chief",), ("commander", "in", "chief"), ("chief", "of", "staff"), ("high", "representative"),
    ("vice", "president"), ("vice-president",), ("deputy", "prime", "minister"), ("head", "of", "state"),
    ("head", "of", "government"), ("crown", "prince"), ("supreme", "leader"), ("foreign", "minister"),
    ("defense", "minister"), ("defence", "minister"), ("interior", "minister"), ("finance", "minister"),
    ("president",), ("presidency",), ("premier",), ("chancellor",), ("minister",), ("secretary",), ("chief",),
    ("commander",), ("spokesperson",), ("spokesman",), ("spokeswoman",), ("ambassador",), ("envoy",),
    ("king",), ("queen",), ("emir",), ("sultan",), ("leader",), ("chairman",), ("chairwoman",),
    ("chairperson",), ("chair",), ("director",), ("director-general",), ("governor",), ("senator",),
    ("mayor",), ("counterpart",), ("head",), ("pm",), ("speaker",), ("negotiator",), ("diplomat",),
    ("representative",), ("commissioner",), ("attorney", "general"), ("general", "secretary"), ("ruler",),
]
POST_HEAD_WORDS = {w for h in POST_HEADS for w in h} - {"of", "in", "state", "government", "general"}

# Words that may stand before a post head inside the post ("foreign affairs secretary", "army chief").
POST_MODIFIERS = {
    "foreign", "affairs", "defense", "defence", "interior", "finance", "economy", "trade", "justice", "energy",
    "health", "education", "information", "army", "military", "navy", "naval", "air", "force", "intelligence",
    "security", "national", "deputy", "assistant", "vice", "acting", "interim", "caretaker", "top", "senior",
    "chief", "high", "special", "general", "state", "supreme", "military's", "diplomatic", "lead", "permanent",
    "home", "shadow", "junior", "principal", "executive", "external", "policy", "economic", "economy", "commerce",
    "industry", "agriculture", "transport", "environment", "development", "planning", "labour", "labor", "oil",
    "petroleum", "water", "youth", "public", "works", "housing", "tourism", "culture", "science", "technology",
    "immigration", "communications", "media", "press", "relations", "international", "regional", "field",
    "opposition", "rebel", "party", "human", "rights", "junta", "commission", "cabinet",
}

# The word "former" (and its kin) marks a post no longer held.
FORMER_WORDS = {"former", "ex", "ex-", "then", "erstwhile", "retired", "retd", "(retd)", "late"}

# Head nouns that make a capitalised phrase an organisation.
ORG_HEADS = {
    "ministry", "department", "council", "agency", "army", "forces", "force", "party", "university", "commission",
    "coalition", "alliance", "organisation", "organization", "union", "committee", "court", "bank", "fund",
    "guard", "navy", "police", "service", "services", "office", "authority", "assembly", "parliament",
    "senate", "congress", "cabinet", "government", "movement", "front", "brigade", "brigades", "corps",
    "command", "institute", "centre", "center", "association", "federation", "league", "group", "bureau",
    "secretariat", "directorate", "tribunal", "network", "news", "radio", "television", "broadcaster", "times",
    "post", "press", "wing", "staff", "community", "relations", "structure", "programme", "program",
    "mission", "board", "foundation", "company", "corporation", "inc", "ltd", "taliban", "militia",
    "chamber", "chambers", "academy", "institution", "exchange",
}

# Head nouns that make a capitalised phrase a place.
PLACE_HEADS = {
    "province", "district", "region", "state", "county", "governorate", "oblast", "city", "town", "village",
    "valley", "shoal", "sea", "island", "islands", "gulf", "strait", "river", "mountains", "mountain",
    "desert", "peninsula", "border", "airport", "palace", "hotel", "port", "base", "camp", "crossing",
    "square", "bay", "coast", "lake", "canal", "corridor", "strip", "bank", "plateau", "heights", "reef",
    "atoll", "zone",
}
# Of these, the ones that name an administrative unit after a proper name ("Garissa county").
ADMIN_UNITS = {"province", "district", "region", "governorate", "oblast", "county", "state", "prefecture",
               "municipality"}

# Words that name an armed force after a country or demonym ("Kenyan military", "Uganda's army").
ARMED_FORCES_WORDS = {("army",), ("military",), ("armed", "forces"), ("defense", "forces"), ("defence", "forces")}
# Other bodies named that way: the label keeps the words ("Kenyan Foreign Ministry", "Kenya Coast Guard").
STATE_BODY_WORDS = {
    ("navy",), ("air", "force"), ("coast", "guard"), ("foreign", "ministry"), ("defense", "ministry"),
    ("defence", "ministry"), ("interior", "ministry"), ("foreign", "office"), ("parliament",),
}

PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "van", "von", "de", "da", "di", "del", "der", "le", "la"}

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
ABBREVIATIONS = {"maj", "gen", "brig", "lt", "col", "capt", "sgt", "adm", "cdr", "st", "dr", "mr", "mrs", "ms", "prof",
                 "jr", "sr", "gov", "sen", "rep", "pres", "amb", "no", "vs", "mt", "ft"}

# Compass words that make a new place of a country name ("South Kivu", "West Africa").
COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper", "lower"}

# Nouns after a capitalised name that make it a document, not a body ("the Comprehensive Strategic Partnership treaty").
DOCUMENT_NOUNS = {"treaty", "agreement", "accord", "accords", "deal", "declaration", "pact", "plan", "process",
                  "initiative", "framework", "charter", "protocol", "resolution", "memorandum", "doctrine", "talks",
                  "summit", "annex", "convention", "act", "law", "bill", "strategy", "programme", "program"}

# A capitalised phrase made only of these words describes a body without naming it ("the Armed Forces").
GENERIC_ORG_WORDS = {"armed", "forces", "force", "army", "military", "government", "ministry", "police", "security",
                     "navy", "defense", "defence", "service", "services", "the", "troops", "cabinet", "authorities",
                     "authority", "administration", "regime", "junta", "coalition", "alliance", "militia", "militias",
                     "office", "department", "agency", "council", "parliament", "court", "party", "group",
                     "state", "shadow", "national", "federal", "central", "commission"}

# "<Demonym>-led coalition": a grouping named after the country leading it.
LED_GROUP_NOUNS = {"coalition", "alliance", "forces", "force", "militia", "militias", "mission", "bloc"}

# Capitalised phrases ending in these name happenings, not bodies ("General Election", "World Cup").
EVENT_NOUNS = {"election", "elections", "referendum", "war", "games", "cup", "championship", "championships",
               "olympics", "festival", "awards", "summit", "crisis", "revolution", "uprising", "day", "week"}

# Posts that news English writes in lower case before a full name ("ministry spokesperson Zhang Wei").
LOWER_CASE_POSTS = {"spokesperson", "spokesman", "spokeswoman", "minister", "president", "chief", "envoy",
                    "ambassador", "commander", "leader", "secretary", "secretary-general", "chairman", "director"}
