# Makes the top-level queries/ folder importable as kg.queries once installed (see pyproject.toml).
