"""The shared opening of the XML list parsers, on real published files and their doubles."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.sources import ofac_enhanced, un_xml
from moneytrail.sources.base import load_date
from moneytrail.sources.xml_base import (
    StreamedVersion,
    XmlFormat,
    dated_or_loaded,
    file_date_wins,
    root_marker,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
UN = FIXTURES / "un_sc_slice" / "UN_consolidated_slice.xml"
EU = FIXTURES / "eu_fsf_sample" / "eu_fsf_sample.xml"
ENHANCED_ZIP = FIXTURES / "ofac_enhanced_slices" / "CONS_ENHANCED_slice.ZIP"


def test_each_format_detects_its_own_file_and_not_the_others() -> None:
    assert un_xml.FORMAT.detect(UN)
    assert not un_xml.FORMAT.detect(EU)
    assert not ofac_enhanced.FORMAT.detect(UN)
    assert ofac_enhanced.FORMAT.detect(ENHANCED_ZIP)


def test_a_folder_holding_one_list_stands_for_it(tmp_path: Path) -> None:
    folder = tmp_path / "un"
    folder.mkdir()
    shutil.copy(UN, folder / "consolidated.xml")
    (folder / "README.md").write_text("not a list\n")
    assert un_xml.FORMAT.detect(folder)
    with un_xml.FORMAT.opened(folder) as opened:
        assert opened.name == "consolidated.xml"


def test_a_zip_is_opened_at_its_xml_member() -> None:
    with ofac_enhanced.FORMAT.opened(ENHANCED_ZIP) as inner:
        assert inner.suffix.lower() == ".xml"
        assert b"<sanctionsData" in inner.read_bytes()[:4096]


def test_a_zip_without_the_format_is_refused_naming_it(tmp_path: Path) -> None:
    archive = tmp_path / "other.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(UN, "un.xml")
    assert not ofac_enhanced.FORMAT.detect(archive)
    with pytest.raises(InvalidInput) as caught, ofac_enhanced.FORMAT.opened(archive):
        pass
    assert caught.value.file == str(archive)
    assert "<sanctionsData>" in caught.value.reason


def test_the_marker_must_open_a_tag_not_start_a_longer_name(tmp_path: Path) -> None:
    marker = root_marker("export")
    assert marker.search(b'<?xml version="1.0"?>\n<export generated="x">')
    assert not marker.search(b"<exporter>")
    fmt = XmlFormat("export", marker, "test XML")
    longer = tmp_path / "longer.xml"
    longer.write_text("<exporter><a/></exporter>")
    assert not fmt.detect(longer)
    assert not fmt.detect(tmp_path / "missing.xml")  # unreadable: not this format


def test_a_stream_refuses_another_root_even_without_records(tmp_path: Path) -> None:
    other = tmp_path / "other.xml"
    other.write_text('<?xml version="1.0"?>\n\n<something>\n</something>\n')
    with pytest.raises(InvalidInput) as caught:
        list(un_xml.FORMAT.stream(other, {"INDIVIDUAL"}))
    assert "expected <CONSOLIDATED_LIST>" in caught.value.reason
    assert caught.value.line == 3  # the root's own line


def test_the_files_date_wins_over_the_version_given_with_a_note() -> None:
    notes: list[str] = []
    assert file_date_wins("2024-05-03", "2024-01-01", notes) == "2024-05-03"
    assert notes == ["version 2024-01-01 given, but the file says 2024-05-03: kept 2024-05-03"]
    assert file_date_wins(None, "2024-01-01", notes) == "2024-01-01"
    assert file_date_wins(None, None, notes) is None


def test_an_undated_file_is_loaded_as_of_today_and_says_so() -> None:
    notes: list[str] = []
    assert dated_or_loaded("2020-04-01", None, notes) == ("2020-04-01", "file")
    assert dated_or_loaded(None, "2021-02-03", notes) == ("2021-02-03", "given")
    assert dated_or_loaded(None, None, notes) == (load_date(), "undated")
    assert notes == [f"the file states no date: loaded as of {load_date()}"]


def test_a_streamed_version_needs_the_date_before_a_record(tmp_path: Path) -> None:
    path = tmp_path / "list.xml"
    notes: list[str] = []
    undated = StreamedVersion(path, None, notes)
    with pytest.raises(InvalidInput) as caught:
        undated.current(12, "no publication date before the first record", "dateGenerated")
    assert (caught.value.line, caught.value.field) == (12, "dateGenerated")
    dated = StreamedVersion(path, "2024-01-01", notes)
    assert dated.current(5, "unused", "date") == "2024-01-01"
    dated.found("2024-02-02")
    assert dated.current(6, "unused", "date") == "2024-02-02"
    assert notes == ["version 2024-01-01 given, but the file says 2024-02-02: kept 2024-02-02"]
