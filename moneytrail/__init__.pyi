"""Type stub of the lazy facade: what ``__init__.py`` exports, for mypy and editors."""

from .errors import (
    AccessDenied as AccessDenied,
)
from .errors import (
    Busy as Busy,
)
from .errors import (
    ConfigError as ConfigError,
)
from .errors import (
    Conflict as Conflict,
)
from .errors import (
    EngineUnavailable as EngineUnavailable,
)
from .errors import (
    InvalidInput as InvalidInput,
)
from .errors import (
    MoneytrailError as MoneytrailError,
)
from .errors import (
    NotFound as NotFound,
)
from .errors import (
    SourceError as SourceError,
)
from .errors import (
    UnsafeInput as UnsafeInput,
)
from .model import EntityBuilder as EntityBuilder
from .model import Provenance as Provenance
from .model import Statement as Statement
from .settings import Settings as Settings

__version__: str
