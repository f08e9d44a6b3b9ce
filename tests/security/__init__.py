"""The security probes (tests/security/conftest.py: a listener that records every connection made to it)."""
