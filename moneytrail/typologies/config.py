"""Typology settings the user can see and change: a TOML file read, and the defaults written.

``moneytrail detect --print-config`` writes :func:`default_config_toml`; the user edits it
and passes it back with ``--config FILE``, read by :func:`load_config`. The file has one
table per typology, named with or without its version (``[fan_in]`` or ``[fan_in-v2]``).
A table naming another version is refused rather than applied: a setting tuned for one
version of a rule may mean something else in the next, and a changed rule has a new name.

An optional ``[detect]`` table holds ``typologies = ["fan_in", ...]``, the selection run
when ``--typology`` is not given; :func:`load_config` returns it under ``"detect"``.

Everything here works generically over ``REGISTRY``: a typology's config class is its
``Config`` attribute, or (for plug-ins written before ``Config`` existed) the type of a
default instance's ``config``. Field types are int, float, bool, str and tuples of them
(TOML arrays); a field's ``metadata["doc"]`` becomes a comment in the printed file.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import textwrap
import tomllib
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from moneytrail.errors import InvalidInput
from moneytrail.typologies import REGISTRY, resolve

DETECT = "detect"
"""The key of the optional ``[detect]`` table, and of its selection in ``load_config``."""

_VERSIONED = re.compile(r"^(?P<base>.+)-v(?P<version>\d+)$")
_TOML_AT = re.compile(r"\s*\(at line (?P<line>\d+), column (?P<column>\d+)\)\s*$")
_NAMES: dict[type, str] = {
    bool: "true or false",
    int: "an integer",
    float: "a number",
    str: "a string",
}


def config_class(cls: type[Any]) -> type[Any]:
    """The config dataclass of a typology class (``Config``, or a v1 instance's ``config``)."""
    declared = getattr(cls, "Config", None)
    if declared is not None:
        return typing.cast(type[Any], declared)
    return type(cls().config)


def config_fields(config_cls: type[Any]) -> list[tuple[dataclasses.Field[Any], Any]]:
    """Each settable field with its resolved type (annotations may be strings)."""
    hints = typing.get_type_hints(config_cls)
    return [(f, hints[f.name]) for f in dataclasses.fields(config_cls) if f.init]


def load_config(path: Path) -> dict[str, Any]:
    """``{NAME: config}`` for every registered typology, with the file's settings applied.

    Typologies the file does not mention keep their defaults, as do keys a table leaves
    out. If the file has a ``[detect]`` table, its ``typologies`` list (registered names)
    is returned under ``"detect"``. Any problem raises ``InvalidInput`` naming the file
    and the ``table.key`` at fault.
    """
    data = _read(path)
    configs: dict[str, Any] = {}
    seen: dict[str, str] = {}
    for table, body in data.items():
        if table == DETECT:
            selection = _selection(body, path)
            if selection is not None:
                configs[DETECT] = selection
            continue
        if not isinstance(body, dict):
            raise InvalidInput(
                "settings belong in a typology table such as "
                f"[{_base(next(iter(REGISTRY), 'name'))}]",
                file=str(path),
                field=table,
            )
        name = _registered(table, path, table)
        if name in seen:
            raise InvalidInput(
                f"{name} is configured twice: [{seen[name]}] and [{table}]",
                file=str(path),
                field=table,
            )
        seen[name] = table
        configs[name] = _apply(REGISTRY[name], table, body, path)
    for name, cls in REGISTRY.items():
        configs.setdefault(name, config_class(cls)())
    return configs


def instances(names: list[str] | None, configs: Mapping[str, Any]) -> list[Any]:
    """Typology instances by name, each built with its config from ``configs`` if given.

    Without ``names``, the ``[detect]`` selection in ``configs`` is used, else every
    typology.
    """
    return list(resolve(names or configs.get(DETECT), configs))


def default_config_toml() -> str:
    """Every registered typology's defaults as a commented TOML file ``load_config`` reads."""
    first = _base(next(iter(REGISTRY), "name"))
    lines = [
        "# moneytrail detect settings (TOML): edit, then run `moneytrail detect --config FILE`.",
        "# One table per typology, named with its version ([name-vN]) or without ([name]);",
        "# a table written for another version is refused. Keys or tables left out keep",
        "# their defaults, which are the values below.",
        "#",
        "# Optional: the typologies to run when --typology is not given (default: all).",
        "# [detect]",
        f'# typologies = ["{first}"]',
    ]
    for name, cls in REGISTRY.items():
        lines.append("")
        lines.extend(_comment(_summary(cls)))
        lines.append(f"[{name}]")
        defaults = config_class(cls)()
        for fld, _kind in config_fields(type(defaults)):
            doc = fld.metadata.get("doc")
            if doc:
                lines.extend(_comment(str(doc)))
            lines.append(f"{fld.name} = {toml_value(getattr(defaults, fld.name))}")
    return "\n".join(lines) + "\n"


def toml_value(value: Any) -> str:
    """A config value written as TOML that parses back to the same value and type."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)  # always a TOML float: 7.0, 0.1, 1e-05, 1e+16, inf, nan
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"a typology setting cannot be {type(value).__name__}: {value!r}")


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise InvalidInput("no such config file", file=str(path)) from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"not UTF-8 text ({exc.reason})", file=str(path)) from None
    except OSError as exc:
        raise InvalidInput(f"cannot read: {exc.strerror}", file=str(path)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = _TOML_AT.search(message)
        if at is None:
            raise InvalidInput(f"not valid TOML: {message}", file=str(path)) from None
        reason = f"{message[: at.start()]} (column {at['column']})"
        raise InvalidInput(
            f"not valid TOML: {reason}", file=str(path), line=int(at["line"])
        ) from None


def _base(name: str) -> str:
    match = _VERSIONED.match(name)
    return match["base"] if match else name


def _registered(name: str, path: Path, field: str) -> str:
    """The registered NAME for ``name`` written with or without its version."""
    if name in REGISTRY:
        return name
    by_base = {_base(n): n for n in REGISTRY}
    if name in by_base:
        return by_base[name]
    current = by_base.get(_base(name))
    if current is not None:
        message = f"config written for {name}; this moneytrail has {current}"
    else:
        message = f"unknown typology {name!r}; known: {', '.join(sorted(by_base))}"
    raise InvalidInput(message, file=str(path), field=field)


def _apply(cls: type[Any], table: str, body: dict[str, Any], path: Path) -> Any:
    """The defaults of ``cls`` with the table's values, type-checked and validated."""
    config_cls = config_class(cls)
    kinds = {f.name: kind for f, kind in config_fields(config_cls)}
    changes: dict[str, Any] = {}
    for key, value in body.items():
        where = f"{table}.{key}"
        if key not in kinds:
            known = ", ".join(kinds)
            raise InvalidInput(
                f"unknown setting {key!r} for {cls.NAME}; known: {known}",
                file=str(path),
                field=where,
            )
        try:
            changes[key] = _coerce(value, kinds[key])
        except _Mismatch as exc:
            raise InvalidInput(str(exc), file=str(path), field=where) from None
    try:
        config = dataclasses.replace(config_cls(), **changes)
        validate = getattr(config, "validate", None)
        if callable(validate):
            validate()
    except ValueError as exc:
        message = f"invalid {cls.NAME} settings: {exc}"
        raise InvalidInput(message, file=str(path), field=table) from None
    return config


class _Mismatch(Exception):
    """A TOML value of the wrong type for a field (the message says what was expected)."""


def _coerce(value: Any, kind: Any) -> Any:
    """``value`` as ``kind``: bool is not int; an int is accepted for float; arrays for tuples."""
    if typing.get_origin(kind) is tuple:
        return _coerce_tuple(value, typing.get_args(kind))
    if kind not in _NAMES:
        raise TypeError(f"unsupported typology setting type {kind!r}")
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if kind is float and is_number:
        return float(value)
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    raise _Mismatch(f"expected {_NAMES[kind]}, got {_shown(value)}")


def _coerce_tuple(value: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    variadic = len(args) == 2 and args[1] is Ellipsis
    kinds = [args[0]] * len(value) if variadic and isinstance(value, list) else list(args)
    wanted = f"an array of {len(args)} values" if not variadic else "an array"
    if not isinstance(value, list) or len(value) != len(kinds):
        raise _Mismatch(f"expected {wanted}, got {_shown(value)}")
    out = []
    for index, (item, item_kind) in enumerate(zip(value, kinds, strict=True)):
        try:
            out.append(_coerce(item, item_kind))
        except _Mismatch as exc:
            raise _Mismatch(f"element {index + 1}: {exc}") from None
    return tuple(out)


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return f"an array {value!r}"
    return f"{type(value).__name__} {value!r}"


def _selection(body: Any, path: Path) -> list[str] | None:
    """The ``[detect]`` table's ``typologies`` (registered names, at least one), if given."""
    if not isinstance(body, dict):
        raise InvalidInput("detect must be a table", file=str(path), field=DETECT)
    for key in body:
        if key != "typologies":
            message = f"unknown setting {key!r} for detect; known: typologies"
            raise InvalidInput(message, file=str(path), field=f"{DETECT}.{key}")
    names = body.get("typologies")
    where = f"{DETECT}.typologies"
    if names is None:
        return None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names) or not names:
        message = f"expected a non-empty array of typology names, got {_shown(names)}"
        raise InvalidInput(message, file=str(path), field=where)
    return [_registered(n, path, where) for n in names]


def _summary(cls: type[Any]) -> str:
    """The first sentence of the class docstring, inline markup made plain."""
    doc = inspect.getdoc(cls) or cls.NAME
    paragraph = " ".join(doc.split("\n\n", 1)[0].split())
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraph, maxsplit=1)[0]
    return f"{cls.NAME}: {sentence.replace('``', '`')}"


def _comment(text: str) -> list[str]:
    return ["# " + line for line in textwrap.wrap(text, width=86, break_on_hyphens=False)] or ["#"]


def _toml_string(value: str) -> str:
    """A TOML basic string: quote, backslash and control characters escaped."""
    escapes = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    out = []
    for char in value:
        if char in escapes:
            out.append(escapes[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
