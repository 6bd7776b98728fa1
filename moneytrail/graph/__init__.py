"""Network analyses over entities and their links: ownership and the 50% rule.

The names below are imported on first use (lazy_loader reads ``__init__.pyi``), so
importing one light module of the package never loads the heavy ones.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
