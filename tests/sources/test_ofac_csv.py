"""The OFAC legacy CSV parser, on slices of the real files and on the bundled lists.

Expected counts come from reading the files with Python's csv module here, never from
the parser itself.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from followthemoney import registry

from moneytrail.errors import InvalidInput
from moneytrail.model import Statement
from moneytrail.sources import ParsedList, parse_list
from moneytrail.sources.base import load_date
from moneytrail.sources.bundled import bundled_root
from moneytrail.sources.ofac_csv import OfacConsCsv, OfacSdnCsv, schema_for

FIXTURES = Path(__file__).parent.parent / "fixtures"
SLICE_2021 = FIXTURES / "ofac_sdn_2021-07_slice"
SLICE_2024 = FIXTURES / "ofac_sdn_2024-05_slice"
SLICE_CONS = FIXTURES / "ofac_cons_2025-12_slice"
BUNDLED_SDN = bundled_root() / "us_ofac_sdn"
BUNDLED_CONS = bundled_root() / "us_ofac_cons"


def csv_rows(path: Path) -> list[list[str]]:
    """The records of an OFAC CSV file, read independently of the parser."""
    with path.open(encoding="latin-1", newline="") as fh:
        return [row for row in csv.reader(fh) if row and row != ["\x1a"]]


def line_of(path: Path, ent_num: str, contains: str = "") -> int:
    """The 1-based line of the first record of ``ent_num`` (containing ``contains``)."""
    lines = path.read_bytes().decode("latin-1").split("\r\n")
    for number, text in enumerate(lines, start=1):
        if text.startswith(f"{ent_num},") and contains in text:
            return number
    raise AssertionError(f"{ent_num} not in {path}")


def values(parsed: ParsedList, entity_id: str, prop: str) -> list[str]:
    return [s.value for s in parsed.statements if s.entity_id == entity_id and s.prop == prop]


def stmts(parsed: ParsedList, entity_id: str, prop: str) -> list[Statement]:
    return [s for s in parsed.statements if s.entity_id == entity_id and s.prop == prop]


def entries(parsed: ParsedList) -> set[str]:
    return {s.entity_id for s in parsed.statements if s.prop == "name"}


def alias_triples(folder: Path, alt: str, primary: str) -> set[tuple[str, str, str | None]]:
    known = {row[0] for row in csv_rows(folder / primary)}
    props = {"aka": "alias", "fka": "previousName", "nka": "alias"}
    return {
        (f"ofac-{row[0]}", props[row[2].strip()], registry.name.clean(row[3]))
        for row in csv_rows(folder / alt)
        if row[0] in known
    }


@pytest.fixture(scope="module")
def slice21() -> ParsedList:
    return OfacSdnCsv().parse(SLICE_2021, version="2021-07-07")


@pytest.fixture(scope="module")
def cons_slice() -> ParsedList:
    return OfacConsCsv().parse(SLICE_CONS, version="2025-12-19")


# --- detection -------------------------------------------------------------------------


def test_detects_folders_and_single_files() -> None:
    assert OfacSdnCsv.detect(SLICE_2021)
    assert not OfacConsCsv.detect(SLICE_2021)
    assert OfacConsCsv.detect(SLICE_CONS)
    assert not OfacSdnCsv.detect(SLICE_CONS)
    assert OfacSdnCsv.detect(SLICE_2024 / "sdn.csv")
    assert OfacConsCsv.detect(SLICE_CONS / "cons_prim.csv")
    assert not OfacSdnCsv.detect(SLICE_2021 / "alt.csv")  # 5 columns
    assert not OfacSdnCsv.detect(SLICE_2021 / "README.md")


def test_a_lone_file_is_the_list_its_programmes_say(tmp_path: Path) -> None:
    """Renamed copies: the Consolidated slice as non_sdn.csv, the SDN slice as cons_prim.csv."""
    cons = tmp_path / "non_sdn.csv"
    shutil.copy(SLICE_CONS / "cons_prim.csv", cons)
    sdn = tmp_path / "other" / "cons_prim.csv"
    sdn.parent.mkdir()
    shutil.copy(SLICE_2024 / "sdn.csv", sdn)
    programs = {row[3] for row in csv_rows(cons)}
    assert any("NS-PLC" in p or "UKRAINE-EO13662" in p or "CMIC" in p for p in programs)
    assert (OfacConsCsv.detect(cons), OfacSdnCsv.detect(cons)) == (True, False)
    assert (OfacConsCsv.detect(sdn), OfacSdnCsv.detect(sdn)) == (False, True)
    assert parse_list(cons, version="2025-12-19").dataset == "us_ofac_cons"
    assert parse_list(sdn, version="2024-05-03").dataset == "us_ofac_sdn"


def test_parse_list_picks_the_right_list() -> None:
    assert parse_list(SLICE_2021, version="2021-07-07").dataset == "us_ofac_sdn"
    assert parse_list(SLICE_CONS, version="2025-12-19").dataset == "us_ofac_cons"


def test_utf16_copy_is_not_detected(tmp_path: Path) -> None:
    text = (SLICE_2024 / "sdn.csv").read_bytes().decode("latin-1")
    (tmp_path / "sdn.csv").write_bytes(text.encode("utf-16"))
    assert not OfacSdnCsv.detect(tmp_path / "sdn.csv")


# --- the 2021 slice (complete four-file set) ---------------------------------------------


def test_slice_metadata(slice21: ParsedList) -> None:
    assert slice21.dataset == "us_ofac_sdn"
    assert slice21.title == "OFAC Specially Designated Nationals"
    assert slice21.source_format == "ofac-csv-v1"
    assert slice21.version == "2021-07-07"
    assert {f.role for f in slice21.files} == {"primary", "aliases", "addresses", "comments"}


def test_one_entity_per_primary_row(slice21: ParsedList) -> None:
    expected = {f"ofac-{row[0]}" for row in csv_rows(SLICE_2021 / "sdn.csv")}
    assert len(expected) == 35
    assert entries(slice21) == expected


def test_aliases_match_alt_rows_of_known_entries(slice21: ParsedList) -> None:
    expected = alias_triples(SLICE_2021, "alt.csv", "sdn.csv")
    got = {
        (s.entity_id, s.prop, s.value)
        for s in slice21.statements
        if s.prop in ("alias", "previousName")
    }
    assert got == expected


def test_orphan_rows_are_dropped_and_counted(slice21: ParsedList) -> None:
    known = {row[0] for row in csv_rows(SLICE_2021 / "sdn.csv")}
    for name in ("alt.csv", "add.csv", "sdn_comments.csv"):
        orphans = sum(row[0] not in known for row in csv_rows(SLICE_2021 / name))
        assert orphans > 0
        assert any(note.startswith(f"{orphans} row(s) of {name} dropped") for note in slice21.notes)


def test_tajideen(slice21: ParsedList) -> None:
    eid = "ofac-11494"
    assert values(slice21, eid, "name") == ["TAJIDEEN, Kassim"]
    assert {"TAJI AL-DIN, Qasim", "TAJI AL-DIN, Kasim", "TAJMUDIN, Kasim"} <= set(
        values(slice21, eid, "alias")
    )
    assert values(slice21, eid, "birthDate") == ["1955-03-21"]
    assert sorted(values(slice21, eid, "nationality")) == ["lb", "sl"]
    assert sorted(values(slice21, eid, "passportNumber")) == ["0285669", "RL 1794375"]
    assert values(slice21, eid, "program") == ["SDGT"]
    assert values(slice21, eid, "topics") == ["sanction"]
    (name,) = stmts(slice21, eid, "name")
    assert name.schema == "Person"
    assert name.source_record == f"sdn.csv:{line_of(SLICE_2021 / 'sdn.csv', '11494')}"
    (passport,) = [s for s in stmts(slice21, eid, "passportNumber") if s.value == "RL 1794375"]
    assert passport.original_value is not None and "(Lebanon)" in passport.original_value
    qasim = [s for s in stmts(slice21, eid, "alias") if s.value == "TAJI AL-DIN, Qasim"]
    assert qasim[0].source_record == f"alt.csv:{line_of(SLICE_2021 / 'alt.csv', '11494', 'Qasim')}"


def test_tajco_has_its_six_addresses(slice21: ParsedList) -> None:
    addresses = stmts(slice21, "ofac-12452", "address")
    assert len(addresses) == 6
    assert "62 Buckle Street, Banjul, The Gambia" in {s.value for s in addresses}
    assert all(s.source_record.startswith("add.csv:") for s in addresses)
    assert set(values(slice21, "ofac-12452", "country")) == {"gm", "lb", "sl"}
    assert values(slice21, "ofac-12452", "name") == ["TAJCO"]
    assert stmts(slice21, "ofac-12452", "name")[0].schema == "Organization"


def test_sanction_entity(slice21: ParsedList) -> None:
    sid = "ofac-11494-sanction"
    assert values(slice21, sid, "entity") == ["ofac-11494"]
    assert values(slice21, sid, "authority") == ["Office of Foreign Assets Control"]
    assert values(slice21, sid, "program") == ["SDGT"]
    assert stmts(slice21, sid, "entity")[0].schema == "Sanction"
    # Several programs ("A] [B") become one value each.
    assert sorted(values(slice21, "ofac-4697", "program")) == ["FTO", "SDGT", "SYRIA"]


def test_linked_to_resolves_within_the_list(slice21: ParsedList) -> None:
    link = "ofac-2686-link-4697"
    assert values(slice21, link, "subject") == ["ofac-2686"]
    assert values(slice21, link, "object") == ["ofac-4697"]
    assert values(slice21, link, "role") == ["Linked To"]
    assert stmts(slice21, link, "object")[0].schema == "UnknownLink"


def test_unresolved_link_is_kept_as_note(slice21: ParsedList) -> None:
    notes = values(slice21, "ofac-15496", "notes")
    assert any("Linked To" in n and "SUMIYOSHI-KAI" in n for n in notes)


def test_vessels(slice21: ParsedList) -> None:
    assert stmts(slice21, "ofac-15902", "name")[0].schema == "Vessel"
    assert values(slice21, "ofac-15902", "owner") == ["ofac-15117"]  # "NITC" is 15117's aka
    assert values(slice21, "ofac-15902", "imoNumber") == ["9569621"]
    assert values(slice21, "ofac-15902", "callSign") == ["5IM316"]
    assert values(slice21, "ofac-15902", "flag") == ["pa"]
    assert values(slice21, "ofac-15036", "mmsi")
    assert "mt" in values(slice21, "ofac-15036", "pastFlags")
    assert values(slice21, "ofac-15036", "type") == ["Crude/Oil Products Tanker"]
    # An owner that is not on the list stays a note, and remarks f.k.a. is a weak alias.
    assert "Owner: Sand & Swan Navigation Co. Ltd." in values(slice21, "ofac-4243", "notes")
    assert values(slice21, "ofac-4243", "weakAlias") == ["ANA I"]


def test_aircraft(slice21: ParsedList) -> None:
    eid = "ofac-15431"
    assert stmts(slice21, eid, "name")[0].schema == "Airplane"
    assert values(slice21, eid, "operator") == ["ofac-13109"]  # YAS AIR, an alias
    assert values(slice21, eid, "buildDate") == ["1992"]
    assert values(slice21, eid, "model") == ["IL76-TD"]
    assert values(slice21, eid, "serialNumber")


def test_dob_range_and_circa(slice21: ParsedList) -> None:
    # "DOB 1951 to 1953; alt. DOB 1960 to 1962; alt. DOB Apr 1961; alt. DOB 1953"
    expected = ["1951", "1952", "1953", "1960", "1961", "1961-04", "1962"]
    assert sorted(values(slice21, "ofac-12057", "birthDate")) == expected
    (st,) = [s for s in stmts(slice21, "ofac-12057", "birthDate") if s.value == "1952"]
    assert st.original_value is not None and "1951 to 1953" in st.original_value
    assert values(slice21, "ofac-7782", "birthDate") == ["1951"]


def test_remarks_overflow_is_appended(slice21: ParsedList) -> None:
    comment_line = line_of(SLICE_2021 / "sdn_comments.csv", "28263")
    (tail,) = [s for s in stmts(slice21, "ofac-28263", "weakAlias") if s.value == "snowsjohn"]
    assert tail.source_record == f"sdn_comments.csv:{comment_line}"
    assert values(slice21, "ofac-28263-link-27307", "object") == ["ofac-27307"]
    (note,) = values(slice21, "ofac-28263", "notes")
    assert note.endswith("Linked To: LAZARUS GROUP.")


def test_whole_remarks_kept_as_note(slice21: ParsedList) -> None:
    remarks = {row[0]: row[11] for row in csv_rows(SLICE_2021 / "sdn.csv")}
    assert values(slice21, "ofac-12452", "notes") == [" ".join(remarks["12452"].split())]


def test_schema_for() -> None:
    assert schema_for("individual", "X") == "Person"
    assert schema_for("vessel", "X") == "Vessel"
    assert schema_for("aircraft", "X") == "Airplane"
    assert schema_for(None, "OVLAS TRADING S.A.") == "Company"
    assert schema_for(None, "TAJCO LTD") == "Company"
    assert schema_for(None, "HIZBALLAH") == "Organization"
    assert schema_for(None, "CONGO FUTUR") == "Organization"


def test_progress_reports_the_total() -> None:
    calls: list[tuple[int, int | None]] = []
    OfacSdnCsv().parse(SLICE_2021, version="2021-07-07", progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (35, 35)


# --- consolidated list and single files --------------------------------------------------


def test_consolidated_slice(cons_slice: ParsedList) -> None:
    assert cons_slice.dataset == "us_ofac_cons"
    assert cons_slice.title == "OFAC Consolidated (non-SDN)"
    assert entries(cons_slice) == {f"ofac-{r[0]}" for r in csv_rows(SLICE_CONS / "cons_prim.csv")}
    got = {
        (s.entity_id, s.prop, s.value)
        for s in cons_slice.statements
        if s.prop in ("alias", "previousName")
    }
    assert got == alias_triples(SLICE_CONS, "cons_alt.csv", "cons_prim.csv")
    assert values(cons_slice, "ofac-17017-link-17013", "object") == ["ofac-17013"]
    assert values(cons_slice, "ofac-17018-sanction", "listingDate") == ["2022-02-24"]


def test_single_file_gives_primary_records_only() -> None:
    parsed = parse_list(SLICE_2024 / "sdn.csv", version="2024-05-03")
    assert entries(parsed) == {f"ofac-{r[0]}" for r in csv_rows(SLICE_2024 / "sdn.csv")}
    assert [f.role for f in parsed.files] == ["primary"]
    assert not [s for s in parsed.statements if s.prop in ("alias", "address")]
    assert values(parsed, "ofac-11494", "birthDate") == ["1955-03-21"]


# --- versions ------------------------------------------------------------------------------


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def test_manifest_gives_each_file_its_version(tmp_path: Path) -> None:
    folder = _copy(SLICE_2021, tmp_path / "sdn")
    manifest = {
        "files": {
            "sdn.csv": {"version": "2024-05-03", "origin": "test"},
            "alt.csv": {"version": "2021-07-07", "origin": "test"},
        }
    }
    (folder / "moneytrail-source.json").write_text(json.dumps(manifest))
    parsed = OfacSdnCsv().parse(folder, version="2020-01-01")
    assert parsed.version == "2024-05-03"
    by_file: dict[str, set[str]] = {}
    for s in parsed.statements:
        by_file.setdefault(s.source_record.split(":")[0], set()).add(s.list_version)
    assert by_file["sdn.csv"] == {"2024-05-03"}
    assert by_file["alt.csv"] == {"2021-07-07"}
    assert by_file["add.csv"] == {"2020-01-01"}  # not in the manifest: the version argument
    assert any("2021-07-07" in note and "alt.csv" in note for note in parsed.notes)


def test_without_manifest_or_version_the_load_date_is_used_never_the_mtime(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(SLICE_2024 / "sdn.csv", folder / "sdn.csv")
    stamp = datetime(2024, 5, 3, 12, tzinfo=UTC).timestamp()
    os.utime(folder / "sdn.csv", (stamp, stamp))
    parsed = OfacSdnCsv().parse(folder)
    assert (parsed.version, parsed.version_basis) == (load_date(), "undated")
    assert {s.list_version for s in parsed.statements} == {load_date()}
    given = OfacSdnCsv().parse(folder, version="2024-05-03")
    assert (given.version, given.version_basis) == ("2024-05-03", "given")
    bundled = OfacSdnCsv().parse(bundled_root() / "us_ofac_sdn")
    assert (bundled.version, bundled.version_basis) == ("2024-05-03", "file")


# --- bad input ------------------------------------------------------------------------------


def _bad(tmp_path: Path, content: bytes, name: str = "sdn.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


GOOD = (SLICE_2024 / "sdn.csv").read_bytes()


def test_wrong_column_count(tmp_path: Path) -> None:
    path = _bad(
        tmp_path, GOOD.replace(b'11494,"TAJIDEEN, Kassim",', b'11494,"TAJIDEEN, Kassim",x,')
    )
    with pytest.raises(InvalidInput) as err:
        OfacSdnCsv().parse(path, version="2024-05-03")
    assert err.value.line == line_of(SLICE_2024 / "sdn.csv", "11494")
    assert "13" in err.value.reason


def test_non_numeric_ent_num(tmp_path: Path) -> None:
    path = _bad(tmp_path, GOOD.replace(b"11494,", b"X11494,", 1))
    with pytest.raises(InvalidInput) as err:
        OfacSdnCsv().parse(path, version="2024-05-03")
    assert err.value.field == "ent_num"
    assert err.value.line == line_of(SLICE_2024 / "sdn.csv", "11494")


@pytest.mark.parametrize(
    "content",
    [GOOD.decode("latin-1").encode("utf-16"), bytes(range(256)) * 4],
    ids=["utf-16", "binary"],
)
def test_utf16_or_binary_is_rejected(tmp_path: Path, content: bytes) -> None:
    path = _bad(tmp_path, content)
    with pytest.raises(InvalidInput, match="UTF-16 or binary"):
        OfacSdnCsv().parse(path, version="2024-05-03")


def test_truncated_last_line(tmp_path: Path) -> None:
    cut = GOOD[: GOOD.rindex(b"\r\n", 0, len(GOOD) - 3) + 40]  # inside the last record's quote
    path = _bad(tmp_path, cut)
    lines = cut.count(b"\r\n") + 1
    with pytest.raises(InvalidInput, match="truncated") as err:
        OfacSdnCsv().parse(path, version="2024-05-03")
    assert err.value.line == lines


def test_empty_primary_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        OfacSdnCsv().parse(_bad(tmp_path, b""), version="2024-05-03")


def test_duplicate_ent_num(tmp_path: Path) -> None:
    first = GOOD.split(b"\r\n")[0]
    with pytest.raises(InvalidInput, match="twice"):
        OfacSdnCsv().parse(_bad(tmp_path, first + b"\r\n" + GOOD), version="2024-05-03")


def test_bad_version_and_manifest(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="ISO date"):
        OfacSdnCsv().parse(SLICE_2024 / "sdn.csv", version="May 2024")
    folder = _copy(SLICE_2024, tmp_path / "m")
    (folder / "moneytrail-source.json").write_text('{"files": {"sdn.csv": {}}}')
    with pytest.raises(InvalidInput, match="manifest"):
        OfacSdnCsv().parse(folder)


def test_bad_alias_file_names_the_file(tmp_path: Path) -> None:
    folder = _copy(SLICE_2021, tmp_path / "sdn")
    (folder / "alt.csv").write_bytes(b'11494,1,"aka","A",-0- ,extra\r\n')
    with pytest.raises(InvalidInput) as err:
        OfacSdnCsv().parse(folder, version="2021-07-07")
    assert err.value.file is not None and err.value.file.endswith("alt.csv")
    assert err.value.line == 1


# --- the bundled lists ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_sdn() -> Iterator[ParsedList]:
    yield parse_list(BUNDLED_SDN)


@pytest.mark.slow
def test_bundled_sdn_counts(bundled_sdn: ParsedList) -> None:
    primary = csv_rows(BUNDLED_SDN / "sdn.csv")
    assert len(primary) == 14965
    assert entries(bundled_sdn) == {f"ofac-{row[0]}" for row in primary}
    assert bundled_sdn.version == "2024-05-03"
    got = {
        (s.entity_id, s.prop, s.value)
        for s in bundled_sdn.statements
        if s.prop in ("alias", "previousName")
    }
    assert got == alias_triples(BUNDLED_SDN, "alt.csv", "sdn.csv")
    assert any("2021-07-07" in n and "alt.csv" in n for n in bundled_sdn.notes)
    assert any("2021-07-07" in n and "add.csv" in n for n in bundled_sdn.notes)
    known = {row[0] for row in primary}
    orphans = sum(row[0] not in known for row in csv_rows(BUNDLED_SDN / "alt.csv"))
    assert any(n.startswith(f"{orphans} row(s) of alt.csv dropped") for n in bundled_sdn.notes)


@pytest.mark.slow
def test_bundled_sdn_entries(bundled_sdn: ParsedList) -> None:
    eid = "ofac-11494"
    assert "TAJI AL-DIN, Qasim" in values(bundled_sdn, eid, "alias")
    assert {s.list_version for s in stmts(bundled_sdn, eid, "alias")} == {"2021-07-07"}
    (dob,) = stmts(bundled_sdn, eid, "birthDate")
    assert (dob.value, dob.list_version) == ("1955-03-21", "2024-05-03")
    assert sorted(values(bundled_sdn, eid, "nationality")) == ["lb", "sl"]
    assert sorted(values(bundled_sdn, eid, "passportNumber")) == ["0285669", "RL 1794375"]
    assert values(bundled_sdn, eid, "program") == ["SDGT"]
    assert len(values(bundled_sdn, "ofac-12452", "address")) == 6
    assert values(bundled_sdn, "ofac-2686-link-4697", "object") == ["ofac-4697"]
    assert {"1951", "1952", "1953"} <= set(values(bundled_sdn, "ofac-12057", "birthDate"))
    assert values(bundled_sdn, "ofac-15902", "imoNumber") == ["9569621"]


@pytest.mark.slow
def test_bundled_consolidated() -> None:
    parsed = parse_list(BUNDLED_CONS)
    primary = csv_rows(BUNDLED_CONS / "cons_prim.csv")
    assert len(primary) == 442
    assert entries(parsed) == {f"ofac-{row[0]}" for row in primary}
    assert parsed.version == "2025-12-19"
    got = {
        (s.entity_id, s.prop, s.value)
        for s in parsed.statements
        if s.prop in ("alias", "previousName")
    }
    assert got == alias_triples(BUNDLED_CONS, "cons_alt.csv", "cons_prim.csv")


# --- crypto wallets in Remarks (issue 15) ---------------------------------------------------

WALLET_RE = re.compile(r"Digital Currency Address - (\w+) ([^\s;.]+)(;|\.\s*$|$)")


def wallet_mentions(path: Path) -> tuple[set[tuple[str, str, str]], int]:
    """(entry, currency, address) of every complete address in the Remarks column, and how
    many mentions were cut off by the Remarks length limit (last segment, no final period)."""
    found: set[tuple[str, str, str]] = set()
    cut = 0
    for row in csv_rows(path):
        for m in WALLET_RE.finditer(row[11]):
            if m[3]:
                found.add((row[0], m[1], m[2]))
            else:
                cut += 1
    return found, cut


@pytest.fixture(scope="module")
def bundled_sdn_csv() -> ParsedList:
    """The bundled sdn.csv alone: no overflow rows of another date glued onto Remarks."""
    return OfacSdnCsv().parse(BUNDLED_SDN / "sdn.csv")


@pytest.mark.slow
def test_bundled_sdn_remarks_give_crypto_wallets(bundled_sdn_csv: ParsedList) -> None:
    sdn = BUNDLED_SDN / "sdn.csv"
    parsed = bundled_sdn_csv
    mentions, cut = wallet_mentions(sdn)
    assert (len(mentions), len({m[0] for m in mentions}), cut) == (288, 55, 6)
    wallets: dict[str, dict[str, set[str]]] = {}
    for s in parsed.statements:
        if s.schema == "CryptoWallet":
            wallets.setdefault(s.entity_id, {}).setdefault(s.prop, set()).add(s.value)
    got = {
        (next(iter(w["holder"])).removeprefix("ofac-"), symbol, next(iter(w["publicKey"])))
        for w in wallets.values()
        for symbol in w["currencySymbol"]
    }
    assert got == mentions
    # One wallet per (holder, address): an address listed as ETH and USDT is one wallet.
    assert len(wallets) == len({(e, a) for e, _, a in mentions})
    assert all(w["topics"] == {"sanction"} for w in wallets.values())
    truncated = [
        s for s in parsed.statements if s.prop == "notes" and s.value.startswith("Truncated")
    ]
    assert len(truncated) == cut
    # The id scheme is the XML parsers' (test_ofac_xml.test_wallets_become_entities).
    assert set(wallets) == {f"ofac-{e}-wallet-{a}" for e, _, a in mentions}


# --- identifiers keep their type, country and dates (issue 15) -------------------------------


def props_of(parsed: ParsedList, entity_id: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for s in parsed.statements:
        if s.entity_id == entity_id:
            found.setdefault(s.prop, set()).add(s.value)
    return found


@pytest.mark.slow
def test_identifiers_become_documents_with_type_country_and_dates(
    bundled_sdn_csv: ParsedList,
) -> None:
    rows = {row[0]: row[11] for row in csv_rows(BUNDLED_SDN / "sdn.csv")}
    assert "Registration ID 0505535000804 (Thailand) issued 28 Feb 1992" in rows["11294"]
    reg = props_of(bundled_sdn_csv, "ofac-11294-id-0505535000804")
    assert reg["type"] == {"Registration ID"}
    assert (reg["country"], reg["startDate"], reg["holder"]) == (
        {"th"},
        {"1992-02-28"},
        {"ofac-11294"},
    )
    assert "National ID No. 3100905657113 (Thailand) expires May 2006" in rows["11272"]
    national = props_of(bundled_sdn_csv, "ofac-11272-id-3100905657113")
    assert (national["type"], national["endDate"]) == ({"National ID No."}, {"2006-05"})
    # BM BANK JSC: a bank code makes the Organization a Company with a typed bikCode,
    # and the Gazette number keeps its type and Russia although the entry has no address.
    assert (
        "BIK (RU) 044525219" in rows["17017"]
        and "Government Gazette Number 29292940 (Russia)" in rows["17017"]
    )
    bank = props_of(bundled_sdn_csv, "ofac-17017")
    assert bank["bikCode"] == {"044525219"} and bank["swiftBic"] == {"MOSWRUMM"}
    assert {s.schema for s in bundled_sdn_csv.statements if s.entity_id == "ofac-17017"} == {
        "Company"
    }
    assert "country" not in bank
    gazette = props_of(bundled_sdn_csv, "ofac-17017-id-29292940")
    assert (gazette["type"], gazette["country"]) == ({"Government Gazette Number"}, {"ru"})


@pytest.mark.slow
def test_identifier_dates_match_an_independent_count(bundled_sdn_csv: ParsedList) -> None:
    """Every "issued"/"expires" date OFAC writes after an identifier lands on its document."""
    dates = r"(\d{1,2} \w{3} \d{4}|\w{3} \d{4}|\d{4})"
    expected: dict[str, set[tuple[str, str]]] = {"startDate": set(), "endDate": set()}
    for row in csv_rows(BUNDLED_SDN / "sdn.csv"):
        for segment in row[11].split(";"):
            # "issued 01 Jan 2008 to 31 Dec 2010" is a period of validity: from and until.
            for date in re.findall(rf"\bissued {dates} to {dates}", segment):
                expected["startDate"].add((f"ofac-{row[0]}", date[0]))
                expected["endDate"].add((f"ofac-{row[0]}", date[1]))
            segment = re.sub(rf"\bissued {dates} to {dates}", "", segment)
            # "expires 15 Aug 2023 to 15 Aug 2024": OFAC is unsure of the date; both kept.
            for date in re.findall(rf"\bexpires {dates} to {dates}", segment):
                expected["endDate"].update((f"ofac-{row[0]}", d) for d in date)
            for prop, word in (
                ("startDate", r"issued"),
                ("endDate", r"(?:expires|Expiration Date)"),
            ):
                for date in re.findall(rf"\b{word} {dates}\b", segment):
                    expected[prop].add((f"ofac-{row[0]}", date))
    docs = [s for s in bundled_sdn_csv.statements if s.schema in ("Passport", "Identification")]
    holders = {s.entity_id: s.value for s in docs if s.prop == "holder"}
    for prop, want in expected.items():
        got = {
            (holders[s.entity_id], date)
            for s in docs
            if s.prop == prop
            for date in re.findall(dates, s.original_value or s.value)
        }
        assert got <= want
        # Not an identifier: "U.S.A. Passport issued 21 Jun 1992 in Amman" has no number.
        assert want - got <= {("ofac-6931", "21 Jun 1992")}, sorted(want - got)[:5]
        assert len(got) > 350
