"""SPARQL below the web layer and the saved queries: the lexer, the guard that decides what a query may reach, the
query form (shape), the result and RDF formats (formats), and the result serialisers (results, native_results).
Nothing here imports Flask: `kg query` and the endpoint share it."""
