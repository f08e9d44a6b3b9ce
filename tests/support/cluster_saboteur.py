"""A pipeline that sabotages some articles, for the parallel and the cluster tests (test_extract_parallel.py,
test_extract_cluster.py): a module of its own, importable by name in Dask's worker processes (they start with the
test run's sys.path), which a test module's function is not reliably."""

from __future__ import annotations

import os
import signal

from spacy.language import Language


@Language.component("cluster_test_saboteur")
def _saboteur(doc):
    """Fails on an article that says BOOM; kills its own worker process on one that says DIE."""
    if "BOOM" in doc.text:
        raise ValueError("boom in this article")
    if "DIE" in doc.text:
        os.kill(os.getpid(), signal.SIGKILL)
    return doc


def sabotaged_pipeline():
    from kg.extract import extraction_pipeline

    nlp = extraction_pipeline()
    nlp.add_pipe("cluster_test_saboteur", first=True)
    return nlp


@Language.component("cluster_test_renamer")
def _renamer(doc):
    """In an article that says RENAMED, Türkiye is labelled "Turkey": two articles disagree on one entity's label,
    which the build's first-label-wins rule settles by article order (test_extract_cluster.py)."""
    if "RENAMED" in doc.text and "country/turkiye" in (doc._.kg_entities or {}):
        doc._.kg_entities["country/turkiye"]["label"] = "Turkey"
    return doc


def renaming_pipeline():
    from kg.extract import extraction_pipeline

    nlp = extraction_pipeline()
    nlp.add_pipe("cluster_test_renamer", last=True)
    return nlp
