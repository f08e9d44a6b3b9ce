"""SPARQL below the web layer: the lexer and the guard that decides what a query may reach."""
