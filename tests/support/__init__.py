"""Helpers the tests import, kept apart from the tests themselves (nothing here is collected): real servers to
start (servers.py, web.py, wikidata_sample.py), headless Chromium (browser.py), hand-made stores and knowledge bases
(handmade_graph.py, explorer_store.py, extract_kb.py) and the pipeline the parallel and cluster tests sabotage
(cluster_saboteur.py). Imported as `tests.support.…`: the project root is on sys.path (pytest's rootdir-based
import of the `tests` package), and so for the Dask workers the tests start."""
