"""Names as text -> comparable forms for sanctions screening (see analyze.py for the steps)."""

from moneytrail.names.analyze import NameForm, analyze_name, analyze_uncached, schema_kind
from moneytrail.names.equivalents import canonical_given_name, variants
from moneytrail.names.keys import KeyStats, is_weak_key, name_keys, token_keys
from moneytrail.names.normalize import normalize_text
from moneytrail.names.phonetic import phonetic_key
from moneytrail.names.script import detect_script

__all__ = [
    "KeyStats",
    "NameForm",
    "analyze_name",
    "analyze_uncached",
    "canonical_given_name",
    "detect_script",
    "is_weak_key",
    "name_keys",
    "normalize_text",
    "phonetic_key",
    "schema_kind",
    "token_keys",
    "variants",
]
