"""newskg: a knowledge graph of international affairs built from news articles."""

__version__ = "0.1.0"
