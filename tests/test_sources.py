import codecs
import json

import pytest

from quanhe.document import Document
from quanhe.errors import InputError
from quanhe.sources.files import decode, iter_documents

TEXT = "Nga và Mỹ hội đàm tại Geneva."


def items(*paths, published=None):
    return list(iter_documents([str(p) for p in paths], published))


def test_txt_doc_id_is_stem(tmp_path):
    p = tmp_path / "bai-01.txt"
    p.write_text(TEXT, encoding="utf-8")
    [doc] = items(p, published="2021-01-02")
    assert isinstance(doc, Document) and doc.id == "bai-01" and doc.published == "2021-01-02"


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", codecs.BOM_UTF8),
                                          ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                          ("utf-16-le", b"")])
def test_encodings(tmp_path, encoding, bom):
    p = tmp_path / "a.txt"
    p.write_bytes(bom + TEXT.encode(encoding))
    [doc] = items(p)
    assert doc.raw == TEXT


def test_invalid_utf8_is_a_clear_error(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Nga phản đối".encode("utf-8") + b"\xff\xfe\x00bad")
    [err] = items(p)
    assert isinstance(err, InputError) and "latin1.txt" in str(err) and "UTF" in str(err)


def test_binary_and_empty_files(tmp_path):
    binary = tmp_path / "img.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    errors = items(binary, empty)
    assert all(isinstance(e, InputError) for e in errors)
    assert "empty" in str(errors[1])


def test_huge_file_is_refused_not_read(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as f:
        f.write(("Nga trục xuất nhà ngoại giao. " * 1000 + "\n").encode() * 1700)  # about 50 MB
    assert p.stat().st_size > 50_000_000
    [err] = items(p)
    assert isinstance(err, InputError) and "too large" in str(err)


def test_jsonl_records_and_bad_lines(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text("\n".join([
        json.dumps({"id": "ok1", "text": TEXT, "published": "2020-01-01", "title": "T"}),
        "{not json",
        json.dumps({"id": "nohtml"}),
        json.dumps({"id": "h1", "html": "<html><body><p>" + TEXT + "</p></body></html>"}),
    ]), encoding="utf-8")
    out = items(p)
    assert [type(o).__name__ for o in out] == ["Document", "InputError", "InputError", "Document"]
    assert out[0].published == "2020-01-01" and out[3].is_html
    assert ":2" in str(out[1]) and "invalid JSON" in str(out[1])


def test_directory_recursive_with_unsupported_file(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.html").write_text(f"<html><body><p>{TEXT}</p></body></html>", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    docs = items(tmp_path)
    assert sorted(d.id for d in docs) == ["a", "b"]


def test_missing_path(tmp_path):
    [err] = items(tmp_path / "nope.txt")
    assert "no such file" in str(err)


def test_decode_utf16_without_bom_is_detected():
    assert decode("Hà Nội".encode("utf-16-le"), "x") == "Hà Nội"


def _item_key(item):
    return (type(item).__name__, getattr(item, "id", None), getattr(item, "origin", None) or item.path,
            getattr(item, "raw", None))


def test_jsonl_byte_ranges_read_like_the_whole_file(tmp_path):
    """The Dask workers read byte ranges; together they must give what one reader gives:
    same documents in the same order, same origins (line numbers), same errors."""
    from quanhe.sources.files import iter_documents, jsonl_ranges, read_jsonl_range

    lines = ['{"id": "a", "text": "Nga chỉ trích NATO."}', "", '{"id": "b", "text": "Mỹ hội đàm."}',
             "not json", '{"id": "c", "html": "<p>Pháp</p>"}', "   ", '{"id": "d"}', '{"id": "e", "text": "Đức."}']
    path = tmp_path / "in.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + "\r\n".join(lines[:5]).encode("utf-8") + b"\n"
                     + "\r".join(lines[5:]).encode("utf-8"))  # CRLF, LF and lone CR line ends
    whole = [_item_key(i) for i in iter_documents([str(path)])]
    assert [w[1] for w in whole if w[0] == "Document"] == ["a", "b", "c", "e"]
    for size in (1, 2, 3, 100):
        ranges = list(jsonl_ranges(path, size))
        assert ranges[0][0] == 0 and ranges[-1][1] == path.stat().st_size
        assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
        assert [_item_key(i) for r in ranges for i in read_jsonl_range(path, *r, None, origin=str(path))] == whole


def test_jsonl_byte_range_reports_a_line_that_is_not_utf8_and_goes_on(tmp_path):
    from quanhe.sources.files import jsonl_ranges, read_jsonl_range

    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": "a", "text": "x"}\n{"id": "f", "text": "x\xff"}\n{"id": "g", "text": "cu\xc3\xb4i"}\n')
    for size in (1, 5):
        items = [i for r in jsonl_ranges(path, size) for i in read_jsonl_range(path, *r, None)]
        assert [i.id for i in items if isinstance(i, Document)] == ["a", "g"]
        assert [i.path for i in items if isinstance(i, InputError)] == [f"{path}:2"]
