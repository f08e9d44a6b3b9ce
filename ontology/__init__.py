# Makes the top-level ontology/ folder importable as kg.ontology once installed (see pyproject.toml).
