"""Type stub of the lazy facade: what ``__init__.py`` exports, for mypy and editors."""

from .builder import EntityBuilder as EntityBuilder
from .provenance import Provenance as Provenance
from .statement import Statement as Statement
from .statement import statement_id as statement_id
