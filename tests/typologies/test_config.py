"""Typology settings: the printed defaults, a user's TOML file, its errors, and the CLI.

Most tests work over whatever ``REGISTRY`` holds, so they keep checking the contract as
typologies change versions; ``Probe`` (registered only inside these tests) carries every
supported setting type, a field doc and a ``validate`` method.
"""

from __future__ import annotations

import dataclasses
import json
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest
from typer.testing import CliRunner

from moneytrail.cli.main import app
from moneytrail.errors import InvalidInput
from moneytrail.typologies import REGISTRY, Alert, Scan
from moneytrail.typologies.config import (
    config_class,
    config_fields,
    default_config_toml,
    instances,
    load_config,
)
from tests.conftest import FIXTURES, run_cli

SLICE = FIXTURES / "transactions_amlsim_slice" / "transactions.csv"
MAP = "id=tran_id,source=orig_acct,target=bene_acct,amount=base_amt,date=tran_timestamp"


@dataclass(frozen=True)
class ProbeConfig:
    """Settings of every supported type."""

    limit: int = 3
    ratio: float = field(default=1e-05, metadata={"doc": "small enough to print as 1e-05"})
    strict: bool = False
    label: str = 'say "hi" \\ \t\x7f é'
    bands: tuple[float, ...] = (0.5, 1e16)
    steps: tuple[int, ...] = (1, 2)

    def validate(self) -> None:
        if self.limit < 1:
            raise ValueError("limit must be at least 1")


class Probe:
    """Probe: a typology with every setting type, registered only for these tests.

    The rest of the docstring is not printed in the config file.
    """

    NAME: ClassVar[str] = "probe-v3"
    Config: ClassVar[type[ProbeConfig]] = ProbeConfig

    def __init__(self, config: ProbeConfig | None = None) -> None:
        self.config = config or ProbeConfig()

    def detect(self, scan: Scan) -> list[Alert]:
        """One alert per transaction for the first ``limit`` transactions."""
        c = self.config
        return [Alert(self.NAME, [0], [row], 0.5, f"{c.label} {row}") for row in range(c.limit)]


@pytest.fixture
def probe(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(REGISTRY, Probe.NAME, Probe)
    yield


def defaults() -> dict[str, Any]:
    return {name: config_class(cls)() for name, cls in REGISTRY.items()}


def write(tmp_path: Path, text: str, name: str = "detect.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def base(name: str) -> str:
    return name.rsplit("-v", 1)[0]


def first_number_field(name: str) -> tuple[str, Any]:
    """The first int or float setting of a typology and a changed, still plausible value."""
    config = config_class(REGISTRY[name])()
    for fld, kind in config_fields(type(config)):
        value = getattr(config, fld.name)
        if kind is int:
            return fld.name, value + 1
        if kind is float:
            return fld.name, value * 1.5
    raise AssertionError(f"{name} has no numeric setting to change")


def raises(path: Path, text: str) -> InvalidInput:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        load_config(path)
    assert info.value.file == str(path)
    return info.value


# -- the printed defaults ------------------------------------------------------------


def test_printed_defaults_round_trip_to_the_defaults(tmp_path: Path) -> None:
    text = default_config_toml()
    parsed = tomllib.loads(text)
    assert set(parsed) == set(REGISTRY)
    for name, table in parsed.items():
        config = config_class(REGISTRY[name])()
        assert list(table) == [f.name for f, _ in config_fields(type(config))]
        for key, value in table.items():  # 7.0 stays a float, 8 an int, a tuple an array
            default = getattr(config, key)
            if isinstance(default, tuple):
                value, default = tuple(value), tuple(default)
                assert [type(v) for v in value] == [type(d) for d in default], f"{name}.{key}"
            assert value == default and type(value) is type(default), f"{name}.{key}"
    assert load_config(write(tmp_path, text)) == defaults()


def comment_above(lines: list[str], index: int) -> str:
    """The comment block directly above ``lines[index]``, its lines joined."""
    block: list[str] = []
    while index > 0 and lines[index - 1].startswith("# "):
        index -= 1
        block.insert(0, lines[index][2:])
    return " ".join(block)


def test_printed_defaults_comment_each_table_and_documented_field(probe: None) -> None:
    text = default_config_toml()
    lines = text.splitlines()
    for name in REGISTRY:
        assert comment_above(lines, lines.index(f"[{name}]")).startswith(f"{name}: ")
    summary = comment_above(lines, lines.index("[probe-v3]"))
    assert (
        summary
        == "probe-v3: Probe: a typology with every setting type, registered only for these tests."
    )
    assert "not printed" not in text
    probe_lines = lines[lines.index("[probe-v3]") :]
    assert probe_lines[1] == "limit = 3"  # no doc, no comment
    assert probe_lines[2:4] == ["# small enough to print as 1e-05", "ratio = 1e-05"]
    assert probe_lines[4:] == [
        "strict = false",
        'label = "say \\"hi\\" \\\\ \\t\\u007f é"',
        "bands = [0.5, 1e+16]",
        "steps = [1, 2]",
    ]


def test_every_setting_type_round_trips(probe: None, tmp_path: Path) -> None:
    configs = load_config(write(tmp_path, default_config_toml()))
    assert configs[Probe.NAME] == ProbeConfig()
    assert configs == {**defaults(), Probe.NAME: ProbeConfig()}


# -- a user's file -------------------------------------------------------------------


@pytest.mark.parametrize("name", list(REGISTRY))
def test_one_changed_field_changes_exactly_that(name: str, tmp_path: Path) -> None:
    key, value = first_number_field(name)
    configs = load_config(write(tmp_path, f"[{base(name)}]\n{key} = {value!r}\n"))
    expected = defaults()
    expected[name] = dataclasses.replace(expected[name], **{key: value})
    assert configs == expected
    assert configs[name] != defaults()[name]


def test_a_table_may_carry_the_current_version(tmp_path: Path) -> None:
    name = next(iter(REGISTRY))
    key, value = first_number_field(name)
    configs = load_config(write(tmp_path, f"[{name}]\n{key} = {value!r}\n"))
    assert getattr(configs[name], key) == value


def test_types_are_checked_and_converted(probe: None, tmp_path: Path) -> None:
    text = '[probe]\nratio = 2\nstrict = true\nlabel = "x"\nbands = [1, 2.5, 3]\nsteps = []\n'
    config = load_config(write(tmp_path, text))[Probe.NAME]
    assert config == ProbeConfig(ratio=2.0, strict=True, label="x", bands=(1.0, 2.5, 3.0), steps=())
    assert type(config.ratio) is float and all(type(b) is float for b in config.bands)


def test_detect_selection(tmp_path: Path) -> None:
    names = list(REGISTRY)[:2]
    text = f'[detect]\ntypologies = ["{base(names[0])}", "{names[1]}"]\n'
    configs = load_config(write(tmp_path, text))
    assert configs["detect"] == names
    assert "detect" not in load_config(write(tmp_path, "[detect]\n"))
    chosen = instances(None, configs)
    assert [type(t).NAME for t in chosen] == names


def test_instances_carry_the_loaded_configs(probe: None, tmp_path: Path) -> None:
    configs = load_config(write(tmp_path, "[probe]\nlimit = 9\n"))
    (typology,) = instances(["probe"], configs)
    assert isinstance(typology, Probe) and typology.config == ProbeConfig(limit=9)
    assert {type(t).NAME for t in instances(None, {})} == set(REGISTRY)


# -- errors name the file and table.key -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        ("[probe]\nlimit = true\n", "probe.limit", "expected an integer, got bool True"),
        ("[probe]\nlimit = 2.0\n", "probe.limit", "expected an integer, got float 2.0"),
        ('[probe]\nratio = "0.1"\n', "probe.ratio", "expected a number, got str '0.1'"),
        ("[probe]\nratio = false\n", "probe.ratio", "expected a number, got bool False"),
        ("[probe]\nstrict = 1\n", "probe.strict", "expected true or false, got int 1"),
        ("[probe]\nlabel = 3\n", "probe.label", "expected a string, got int 3"),
        ("[probe]\nbands = 0.5\n", "probe.bands", "expected an array, got float 0.5"),
        ('[probe]\nbands = [1.0, "x"]\n', "probe.bands", "element 2: expected a number"),
        ("[probe]\nsteps = [1, 2.5]\n", "probe.steps", "element 2: expected an integer"),
        ("[probe]\nlimit = {a = 1}\n", "probe.limit", "got a table"),
        ("[probe-v3]\nspeed = 1\n", "probe-v3.speed", "unknown setting 'speed' for probe-v3"),
        ("[probe]\nlimit = 0\n", "probe", "invalid probe-v3 settings: limit must be at least 1"),
        (
            "[probe-v2]\nlimit = 4\n",
            "probe-v2",
            "config written for probe-v2; this moneytrail has probe-v3",
        ),
        ("[nosuch]\n", "nosuch", "unknown typology 'nosuch'; known: "),
        ("[nosuch-v1]\n", "nosuch-v1", "unknown typology 'nosuch-v1'"),
        ("[probe]\n[probe-v3]\n", "probe-v3", "probe-v3 is configured twice"),
        ("limit = 4\n", "limit", "settings belong in a typology table"),
        ('[detect]\ntypologies = ["nosuch"]\n', "detect.typologies", "unknown typology"),
        ('[detect]\ntypologies = ["probe-v1"]\n', "detect.typologies", "config written for"),
        ("[detect]\ntypologies = []\n", "detect.typologies", "non-empty array"),
        ('[detect]\ntypologies = "probe"\n', "detect.typologies", "non-empty array"),
        ("[detect]\nwindow = 3\n", "detect.window", "unknown setting 'window' for detect"),
    ],
)
def test_errors_name_file_and_field(
    probe: None, tmp_path: Path, text: str, where: str, says: str
) -> None:
    path = tmp_path / "user.toml"
    error = raises(path, text)
    assert error.field == where
    assert says in error.reason
    assert str(error).startswith(f"{path}, field {where}: ")


def test_invalid_toml_gives_the_line(tmp_path: Path) -> None:
    name = base(next(iter(REGISTRY)))
    error = raises(tmp_path / "user.toml", f"# settings\n[{name}]\nmin_count = \n")
    assert error.line == 3 and error.reason.startswith("not valid TOML: ")


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such config file"):
        load_config(tmp_path / "missing.toml")
    path = tmp_path / "latin1.toml"
    path.write_bytes(b"# caf\xe9\n")
    with pytest.raises(InvalidInput, match="not UTF-8"):
        load_config(path)


# -- the command line ------------------------------------------------------------------


def test_cli_prints_the_defaults_without_transactions(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["detect", "--print-config"])
    assert result.exit_code == 0, result.output
    assert result.stdout == default_config_toml()
    assert load_config(write(tmp_path, result.stdout)) == defaults()
    out = tmp_path / "written.toml"
    result = CliRunner().invoke(app, ["detect", "--print-config", "--output", str(out)])
    assert result.exit_code == 0 and out.read_text() == default_config_toml()


def test_cli_without_transactions_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["detect", "--output", str(tmp_path / "a.jsonl")])
    assert result.exit_code == 2
    assert "--transactions" in result.stderr and "--print-config" in result.stderr


def test_cli_bad_config_is_one_line_and_exit_2(tmp_path: Path) -> None:
    name = next(iter(REGISTRY))
    key, _ = first_number_field(name)
    bad = write(tmp_path, f'[{base(name)}]\n{key} = "many"\n', "bad.toml")
    out = tmp_path / "alerts.jsonl"
    proc = run_cli("detect", "--config", str(bad), "--transactions", str(SLICE), "--map", MAP,
                   "--output", str(out))  # fmt: skip
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith(f"error: {bad}, field {base(name)}.{key}: expected ")
    assert line.endswith(", got str 'many'")
    assert not out.exists()


def alerts(tmp_path: Path, *extra: str) -> list[dict[str, Any]]:
    out = tmp_path / "alerts.jsonl"
    args = ["detect", "--transactions", str(SLICE), "--map", MAP, "--output", str(out), *extra]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text().splitlines()]


def test_cli_runs_with_the_printed_defaults_as_config(tmp_path: Path) -> None:
    name = next(iter(REGISTRY))
    text = default_config_toml() + f'\n[detect]\ntypologies = ["{base(name)}"]\n'
    with_config = alerts(tmp_path, "--config", str(write(tmp_path, text)))
    assert with_config == alerts(tmp_path, "--typology", name)
    assert {a["typology"] for a in with_config} <= {name}


def test_cli_passes_each_typology_its_config(probe: None, tmp_path: Path) -> None:
    text = '[detect]\ntypologies = ["probe"]\n[probe]\nlimit = 2\nlabel = "seen"\n'
    found = alerts(tmp_path, "--config", str(write(tmp_path, text)))
    assert [(a["typology"], a["explanation"]) for a in found] == [
        ("probe-v3", "seen 0"),
        ("probe-v3", "seen 1"),
    ]
    assert len(alerts(tmp_path, "--typology", "probe")) == ProbeConfig().limit
    # --typology wins over the file's [detect] selection
    other = next(name for name in REGISTRY if name != Probe.NAME)
    text = f'[detect]\ntypologies = ["{other}"]\n[probe]\nlimit = 1\n'
    chosen = alerts(tmp_path, "--config", str(write(tmp_path, text)), "--typology", "probe")
    assert [a["typology"] for a in chosen] == ["probe-v3"]
