"""moneytrail: sanctions screening and counter-terrorist-financing investigations.

The names below are imported on first use (lazy_loader reads ``__init__.pyi``), so
importing one light module of the package never loads the heavy ones.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)

__version__ = "0.1.0"
__all__ = [*__all__, "__version__"]
