import json
import subprocess
import sys

from typer.testing import CliRunner

from quanhe.cli import app

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]

runner = CliRunner()
EXAMPLES = str(ROOT / "examples" / "articles")


def test_run_events_and_rerun(tmp_path):
    db = str(tmp_path / "x.duckdb")
    result = runner.invoke(app, ["run", EXAMPLES, "--db", db])
    assert result.exit_code == 0, result.output
    assert "events stored" in result.output
    assert "documents/s" in result.output and "seconds" in result.output  # the run's speed in the summary
    listed = runner.invoke(app, ["events", "--db", db, "--format", "jsonl"])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert rows and all({"doc_id", "event_id", "type", "source", "target", "date", "trigger", "cameo",
                         "goldstein", "quad_class", "coder_version"} <= set(r) for r in rows)
    again = runner.invoke(app, ["run", EXAMPLES, "--db", db])
    assert "unchanged, skipped" in again.output
    csv_out = runner.invoke(app, ["events", "--db", db, "--format", "csv", "--type", "CONSULT"])
    assert csv_out.stdout.startswith("doc_id,event_id")


def test_extract_prints_json_lines():
    result = runner.invoke(app, ["extract", EXAMPLES, "--format", "jsonl"])
    assert result.exit_code == 0
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(e["type"] == "ASSAULT" for e in events)


def test_text_command_shows_metadata():
    result = runner.invoke(app, ["text", EXAMPLES + "/nato-trang-tin.html"])
    row = json.loads(result.stdout)
    assert row["published"] == "2022-02-15" and "Trang chủ" not in row["text"]


def test_bad_inputs_exit_non_zero(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Nga \xc3\x28 \xa0\xa1 NATO")
    result = runner.invoke(app, ["run", str(bad), "--db", str(tmp_path / "y.duckdb")])
    assert result.exit_code == 1
    assert "bad.txt" in result.output


def test_bad_published_date():
    result = runner.invoke(app, ["extract", EXAMPLES, "--published", "18/10/2021"])
    assert result.exit_code == 2


def test_events_on_missing_db(tmp_path):
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "no such database" in result.output


def test_python_dash_m_and_stdin():
    proc = subprocess.run([sys.executable, "-m", "quanhe", "extract", "-"], input="Pháp trục xuất nhà ngoại giao Iran.",
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.splitlines()[0])["type"] == "SANCTION"


def test_dict_lint_passes():
    result = runner.invoke(app, ["dict", "lint"])
    assert result.exit_code == 0, result.output


def test_messages_with_brackets_are_printed_verbatim(tmp_path):
    bad = tmp_path / "[draft] bài.txt"
    bad.write_bytes(b"Nga \xc3\x28 \xa0\xa1 NATO")
    result = runner.invoke(app, ["run", str(bad), "--db", str(tmp_path / "z.duckdb")])
    assert result.exit_code == 1 and "[draft] bài.txt" in result.output
