"""Type stub of the lazy facade: what ``__init__.py`` exports, for mypy and editors."""

from .analyze import NameForm as NameForm
from .analyze import analyze_name as analyze_name
from .analyze import analyze_uncached as analyze_uncached
from .analyze import schema_kind as schema_kind
from .equivalents import canonical_given_name as canonical_given_name
from .equivalents import variants as variants
from .keys import KeyStats as KeyStats
from .keys import is_weak_key as is_weak_key
from .keys import name_keys as name_keys
from .keys import token_keys as token_keys
from .normalize import normalize_text as normalize_text
from .phonetic import phonetic_key as phonetic_key
from .script import detect_script as detect_script
