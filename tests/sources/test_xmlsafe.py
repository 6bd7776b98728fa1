"""Safe XML reading: helpers that ignore namespaces, line numbers, and every kind of bad file.

Each bad-input test checks the error class, that the message names the file and the
line, and what the parser expected; and that nothing else (a stack trace, a secret)
leaks into it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from moneytrail.errors import InvalidInput, UnsafeInput
from moneytrail.sources.xmlsafe import (
    XmlStream,
    attr,
    child,
    child_text,
    child_texts,
    children,
    descendants,
    element_ref,
    find_all,
    local_name,
    path_texts,
    read_xml,
    text,
    xml_files,
)

NS_DOC = """<?xml version="1.0" encoding="UTF-8"?>
<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-01-02">
  <entry ref="A">
    <name>  First  </name>
    <name></name>
    <name>Second</name>
    <group><item>one</item><item>two</item></group>
    <group><item>three</item></group>
  </entry>
  <entry ref="B"><deep><deeper><name>Nested</name></deeper></deep></entry>
</export>
"""


def write(tmp_path: Path, content: str | bytes, name: str = "list.xml") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_helpers_match_local_names_whatever_the_namespace(tmp_path: Path) -> None:
    doc = read_xml(write(tmp_path, NS_DOC))
    assert local_name(doc.root.tag) == "export"
    assert attr(doc.root, "generationDate") == "2026-01-02"
    first, second = children(doc.root, "entry")
    assert attr(first, "ref") == "A"
    assert attr(first, "missing") is None
    assert child_text(first, "name") == "First"
    assert child_texts(first, "name") == ["First", "Second"]
    assert text(child(first, "name")) == "First"
    assert child(first, "nothing") is None
    assert len(list(find_all(first, "group/item"))) == 3
    assert path_texts(doc.root, "entry/group/item") == ["one", "two", "three"]
    assert [text(e) for e in descendants(second, "name")] == ["Nested"]
    assert list(children(None, "x")) == []
    assert child_text(None, "x") is None


def test_attr_and_text_treat_blank_as_absent(tmp_path: Path) -> None:
    doc = read_xml(write(tmp_path, '<r a="  " b=" x "><c>   </c></r>'))
    assert attr(doc.root, "a") is None
    assert attr(doc.root, "b") == "x"
    assert child_text(doc.root, "c") is None


def test_attr_finds_namespaced_attributes(tmp_path: Path) -> None:
    doc = read_xml(write(tmp_path, '<r xmlns:p="urn:p" p:code="7"/>'))
    assert attr(doc.root, "code") == "7"


def test_every_element_knows_its_line(tmp_path: Path) -> None:
    doc = read_xml(write(tmp_path, NS_DOC))
    lines = NS_DOC.splitlines()
    first, second = children(doc.root, "entry")
    assert doc.line(doc.root) == 2
    assert lines[(doc.line(first) or 0) - 1].strip().startswith('<entry ref="A"')
    assert lines[(doc.line(second) or 0) - 1].strip().startswith('<entry ref="B"')


def test_stream_yields_records_with_lines_then_drops_them(tmp_path: Path) -> None:
    path = write(tmp_path, NS_DOC)
    stream = XmlStream(path, {"entry"})
    seen = [(attr(elem, "ref"), line, child_text(elem, "name")) for elem, line in stream]
    assert seen == [("A", 3, "First"), ("B", 10, None)]
    assert attr(stream.root, "generationDate") == "2026-01-02"
    assert list(children(stream.root, "entry")) == []


def test_stream_reads_files_larger_than_one_chunk(tmp_path: Path) -> None:
    body = "".join(f'<entry ref="{i}"><name>n{i}</name></entry>\n' for i in range(5000))
    path = write(tmp_path, f"<export>\n{body}</export>")
    refs = [(attr(e, "ref"), line) for e, line in XmlStream(path, {"entry"})]
    assert len(refs) == 5000
    assert refs[-1] == ("4999", 5001)


def test_element_ref_and_xml_files(tmp_path: Path) -> None:
    assert element_ref("f.xml", "INDIVIDUAL", "DATAID", "7", 12) == (
        "f.xml:INDIVIDUAL[DATAID=7] (line 12)"
    )
    assert element_ref("f.xml", "E", "k", "v", None) == "f.xml:E[k=v]"
    wanted = write(tmp_path, "<CONSOLIDATED_LIST/>", "a.xml")
    write(tmp_path, "<other/>", "b.xml")
    assert xml_files(tmp_path, b"<CONSOLIDATED_LIST") == [wanted]
    assert xml_files(wanted, b"<CONSOLIDATED_LIST") == [wanted]


# --- bad input -------------------------------------------------------------------------


def assert_names(err: InvalidInput, path: Path, line: int) -> str:
    message = str(err)
    assert str(path) in message
    assert f"line {line}" in message
    assert err.file == str(path)
    assert err.line == line
    assert "Traceback" not in message
    return message


def test_truncated_file_says_which_tag_was_expected(tmp_path: Path) -> None:
    path = write(tmp_path, '<?xml version="1.0"?>\n<list>\n  <entry>\n    <name>cut')
    with pytest.raises(InvalidInput) as info:
        read_xml(path)
    assert type(info.value) is InvalidInput
    message = assert_names(info.value, path, 4)
    assert "expected </name>" in message
    assert "truncated" in message


def test_truncated_file_also_fails_when_streaming(tmp_path: Path) -> None:
    path = write(tmp_path, "<list>\n<entry>a</entry>\n<entry>b")
    with pytest.raises(InvalidInput) as info:
        list(XmlStream(path, {"entry"}))
    assert "expected </entry>" in assert_names(info.value, path, 3)


def test_file_cut_inside_a_tag(tmp_path: Path) -> None:
    path = write(tmp_path, "<list>\n<entry>a</entry>\n<ent")
    with pytest.raises(InvalidInput) as info:
        read_xml(path)
    assert "middle of a tag" in assert_names(info.value, path, 3)


def test_mismatched_tag_names_the_expected_closing_tag(tmp_path: Path) -> None:
    path = write(tmp_path, "<list>\n<entry>\n<name>x</entry>\n</list>")
    with pytest.raises(InvalidInput) as info:
        read_xml(path)
    message = assert_names(info.value, path, 3)
    assert "expected </name>" in message
    assert "<list/entry/name>" in message


def test_content_after_the_root(tmp_path: Path) -> None:
    path = write(tmp_path, "<list/>\n<second/>")
    with pytest.raises(InvalidInput) as info:
        read_xml(path)
    assert "after the root" in assert_names(info.value, path, 2)


def test_html_entity_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "<list>\n<name>a&nbsp;b</name>\n</list>")
    with pytest.raises(InvalidInput) as info:
        read_xml(path)
    assert "undefined entity" in assert_names(info.value, path, 2)


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, b"")
    with pytest.raises(InvalidInput) as info:
        read_xml(path)
    assert "empty" in assert_names(info.value, path, 1)


def test_latin1_bytes_in_a_utf8_file(tmp_path: Path) -> None:
    path = write(tmp_path, b'<?xml version="1.0" encoding="UTF-8"?>\n<l>\n<n>Jos\xe9</n>\n</l>\n')
    with pytest.raises(InvalidInput) as info:
        read_xml(path)
    assert type(info.value) is InvalidInput
    message = assert_names(info.value, path, 3)
    assert "0xe9" in message
    assert "UTF-8" in message


def test_declared_latin1_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<n>Jos\xe9</n>\n')
    assert text(read_xml(path).root) == "José"


def test_external_entity_is_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    path = write(
        tmp_path,
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE list [\n<!ENTITY xxe SYSTEM "file://{secret}">\n]>\n'
        "<list><name>&xxe;</name></list>\n",
    )
    with pytest.raises(UnsafeInput) as info:
        read_xml(path)
    message = assert_names(info.value, path, 2)
    assert "external entity" in message
    assert "XXE" in message
    assert "TOP-SECRET-VALUE" not in message


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lols = '<!ENTITY lol0 "lol">\n' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10)
    )
    path = write(
        tmp_path, f'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n{lols}]>\n<lolz>&lol9;</lolz>'
    )
    with pytest.raises(UnsafeInput) as info:
        read_xml(path)
    message = assert_names(info.value, path, 2)
    assert "billion laughs" in message
    assert "entity" in message


def test_any_dtd_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, '<?xml version="1.0"?>\n<!DOCTYPE list SYSTEM "list.dtd">\n<list/>')
    with pytest.raises(UnsafeInput) as info:
        read_xml(path)
    assert "<!DOCTYPE list>" in assert_names(info.value, path, 2)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.xml"
    with pytest.raises(InvalidInput) as info:
        read_xml(path)
    assert str(path) in str(info.value)
