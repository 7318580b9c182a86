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
