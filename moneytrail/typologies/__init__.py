"""Laundering typologies: one module per pattern, a registry, and one function to run them.

``detect(graph, engine, names)`` lives in ``registry.py``; the names below are imported
on first use (lazy_loader reads ``__init__.pyi``), so choosing an option never loads
the pattern searches.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
