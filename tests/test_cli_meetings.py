"""``python -m netlogic meetings ...``: the names other tools read, exit codes and messages
naming the flag, and the minutes PDF checked through its extracted text. Runs in-process
(tests/cli_support.py) on SQLite, and on PostgreSQL when NETLOGIC_TEST_DATABASE_URL is set."""

# Fixtures are imported from the support module and requested by name (F401/F811).
# ruff: noqa: F811

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from netlogic.model.case_io import parse_case
from netlogic.store.repository import open_store
from tests.cli_support import CliRun, run_cli
from tests.conftest import TODAY
from tests.test_store_support import (  # noqa: F401  (fixtures used by name)
    backend,
    empty_url,
    make_case,
    store_url,
    with_ki67,
)

QUORATE = ("--participant", "AM:oncology", "--participant", "CR:surgery")
QUORATE += ("--participant", "DN:radiology")


def meetings(url: str, *args: str) -> CliRun:
    run = run_cli("meetings", *args, "--database-url", url)
    assert "Traceback" not in run.stderr
    return run


def ok(run: CliRun) -> Any:
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def refused(run: CliRun, code: int = 2) -> str:
    assert run.returncode == code, run.stdout
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr  # one line, in words
    return lines[0]


@pytest.fixture
def meeting(store_url: str) -> str:
    """A quorate meeting with saved case T-1 on its agenda (surgery recommended for it)."""
    with open_store(store_url) as store:
        store.save(make_case("T-1"), "dr")
        store.save(make_case("T-2"), "dr")
    created = ok(
        meetings(
            store_url, "create", "--date", "2026-11-20", "--name", "RCP TNE regionale", *QUORATE
        )
    )
    ok(meetings(store_url, "add-case", created["meeting_id"], "T-1"))
    return str(created["meeting_id"])


def test_create_add_decide_show_list(store_url: str, meeting: str) -> None:
    assert meeting.startswith("M-2026-11-20-")
    decided = ok(
        meetings(
            store_url,
            "decide",
            meeting,
            "T-1",
            "--therapy",
            "surgery",
            "--type",
            "treatment",
            "--trial",
            "NETTER-2",
            "--next-review",
            "2027-02-01",
            "--author",
            "dr-b",
        )
    )
    assert decided["status_at_decision"] == {"surgery": "recommended"}
    shown = ok(meetings(store_url, "show", meeting))
    assert shown["quorum"] is True
    assert shown["participants"][0] == {"name": "AM", "specialty": "oncology"}
    (case,) = shown["cases"]
    assert {"case_id", "case_version", "ruleset_version", "question", "decision"} <= set(case)
    assert (case["case_id"], case["case_version"]) == ("T-1", 1)
    decision = case["decision"]
    assert {k: decision[k] for k in ("therapies", "type", "trial", "justification")} == {
        "therapies": ["surgery"],
        "type": "treatment",
        "trial": "NETTER-2",
        "justification": None,
    }
    assert decision["status_at_decision"] == {"surgery": "recommended"}
    assert decision["recorded_by"] == "dr-b"
    assert decision["recorded_at"].endswith("+00:00")
    assert decision["next_review"] == "2027-02-01"
    assert case["ruleset_version"] == decision["ruleset_version"]
    (listed,) = ok(meetings(store_url, "list"))
    assert (listed["meeting_id"], listed["cases"], listed["decisions"]) == (meeting, 1, 1)
    history = ok(meetings(store_url, "case-decisions", "T-1"))
    assert [h["meeting_id"] for h in history] == [meeting]


def test_quorum_false_without_three_specialties(store_url: str) -> None:
    two = ("--participant", "AM:oncology", "--participant", "BL:oncology")
    created = ok(meetings(store_url, "create", "--date", "2026-11-20", "--name", "RCP", *two))
    assert ok(meetings(store_url, "show", created["meeting_id"]))["quorum"] is False


@pytest.mark.parametrize(
    ("args", "named"),
    [
        # observation is not offered for T-1: the meeting must say why
        (("--therapy", "observation", "--type", "surveillance"), "--justification"),
        # one not offered among two is enough
        (("--therapy", "surgery", "--therapy", "prrt", "--type", "treatment"), "--justification"),
        # not a node of the tree
        (("--therapy", "aspirin", "--type", "treatment"), "--therapy"),
        # a date that does not exist
        (
            ("--therapy", "surgery", "--type", "treatment", "--next-review", "2027-02-30"),
            "--next-review",
        ),
        # a review before the meeting
        (
            ("--therapy", "surgery", "--type", "treatment", "--next-review", "2026-01-01"),
            "--next-review",
        ),
        # a control character in the justification
        (
            ("--therapy", "observation", "--type", "surveillance", "--justification", "a\x1bb"),
            "--justification",
        ),
    ],
)
def test_decide_refusals_name_the_flag(
    store_url: str, meeting: str, args: tuple[str, ...], named: str
) -> None:
    line = refused(meetings(store_url, "decide", meeting, "T-1", *args))
    assert line.startswith(f"error: {named}")
    # nothing was recorded
    assert ok(meetings(store_url, "show", meeting))["cases"][0]["decision"] is None


def test_justified_departure_is_recorded_outside_the_offered_options(
    store_url: str, meeting: str
) -> None:
    ok(
        meetings(
            store_url,
            "decide",
            meeting,
            "T-1",
            "--therapy",
            "observation",
            "--type",
            "surveillance",
            "--justification",
            "Patient declines surgery",
        )
    )
    report = ok(meetings(store_url, "concordance", "--from", "2026-11-01", "--to", "2026-11-30"))
    assert {k: report[k] for k in ("decisions", "within_recommended", "within_option")} == {
        "decisions": 1,
        "within_recommended": 0,
        "within_option": 0,
    }
    assert (report["outside_offered"], report["without_quorum"]) == (1, 0)
    assert report["by_therapy"]["observation"]["not_offered"] == 1
    assert report["justifications"][0]["justification"] == "Patient declines surgery"
    outside_period = ok(meetings(store_url, "concordance", "--to", "2026-10-31"))
    assert outside_period["decisions"] == 0


@pytest.mark.parametrize(
    ("args", "named"),
    [
        # unknown specialty
        (
            ("create", "--date", "2026-11-20", "--name", "RCP", "--participant", "AB:dentist"),
            "--participant",
        ),
        # no colon
        (
            ("create", "--date", "2026-11-20", "--name", "RCP", "--participant", "AB"),
            "--participant",
        ),
        # month 13
        (("create", "--date", "2026-13-01", "--name", "RCP"), "--date"),
        # a name of spaces only
        (("create", "--date", "2026-11-20", "--name", "   "), "--name"),
        # a bad period bound
        (("concordance", "--from", "yesterday"), "--from"),
        # one person under three specialties is one physician, not a quorum
        (
            (
                "create",
                *("--date", "2026-11-20", "--name", "RCP"),
                *("--participant", "AB:oncology", "--participant", "ab:surgery"),
            ),
            "--participant",
        ),
        # the pinned case is evaluated on the meeting day: the evaluation date's range
        (("create", "--date", "1900-01-01", "--name", "RCP"), "--date"),
        (("create", "--date", "2100-01-01", "--name", "RCP"), "--date"),
    ],
)
def test_create_and_concordance_refusals_name_the_flag(
    store_url: str, args: tuple[str, ...], named: str
) -> None:
    assert refused(meetings(store_url, *args)).startswith(f"error: {named}")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        # an unknown meeting
        (("show", "M-nope"), "M-nope"),
        (("add-case", "M-nope", "T-1"), "M-nope"),
        # a case never saved
        (("add-case", "MEETING", "NOPE"), "NOPE"),
        # a saved case not on this meeting's agenda
        (("decide", "MEETING", "T-2", "--therapy", "surgery", "--type", "treatment"), "add-case"),
    ],
)
def test_unknown_ids_exit_2_in_words(
    store_url: str, meeting: str, args: tuple[str, ...], words: str
) -> None:
    line = refused(meetings(store_url, *(meeting if a == "MEETING" else a for a in args)))
    assert words in line


def test_an_unmigrated_store_exits_4(empty_url: str) -> None:
    line = refused(meetings(empty_url, "list"), code=4)
    assert "cases migrate" in line


def _pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        # English minutes: meeting, participants, quorum, the decision and why
        (
            "en",
            [
                "Minutes of the multidisciplinary meeting",
                "Quorum reached",
                "AM – Oncology",
                "Outside the options offered",
                "Justification:",
            ],
        ),
        # French minutes: the same, in French
        (
            "fr",
            [
                "Compte rendu de la réunion",
                "Quorum atteint",
                "AM – Oncologie",
                "En dehors des options proposées",
                "Justification :",
            ],
        ),
    ],
)
def test_minutes_pdf_text(
    store_url: str, meeting: str, tmp_path: Path, lang: str, words: list[str]
) -> None:
    ok(meetings(store_url, "add-case", meeting, "T-2"))
    # "{nb}" is fpdf2's page-count alias: typed text keeps it as written
    why = "Patient declines surgery {nb} (see letter)"
    ok(
        meetings(
            store_url,
            "decide",
            meeting,
            "T-1",
            "--therapy",
            "observation",
            "--type",
            "surveillance",
            "--justification",
            why,
        )
    )
    out = tmp_path / "minutes.pdf"
    written = ok(meetings(store_url, "minutes", meeting, "-o", str(out), "--lang", lang))
    assert written["cases"] == 2
    text = _flat(_pdf_text(out))
    for expected in [*words, "RCP TNE regionale", meeting, "T-1", "T-2", why]:
        assert expected in text, expected
    # T-2 has no decision yet, and says so
    assert ("No decision recorded" if lang == "en" else "Aucune décision enregistrée") in text


def test_decision_sheet_is_one_case_and_shows_the_options_as_decided(
    store_url: str, meeting: str, tmp_path: Path
) -> None:
    ok(meetings(store_url, "add-case", meeting, "T-2"))
    ok(meetings(store_url, "decide", meeting, "T-1", "--therapy", "surgery", "--type", "treatment"))
    # The case changes after the meeting: the sheet still shows version 1 as decided.
    with open_store(store_url) as store:
        store.save(with_ki67(make_case("T-1"), 30), "dr", base_version=1)
    out = tmp_path / "sheet.pdf"
    ok(meetings(store_url, "minutes", meeting, "-o", str(out), "--case", "T-1"))
    text = _flat(_pdf_text(out))
    assert "Decision of the multidisciplinary meeting" in text
    assert "T-1 (version 1)" in text
    assert "Ki-67 8 %" in text
    assert "Surgery recommended chosen" in text
    assert "T-2" not in text
    line = refused(meetings(store_url, "minutes", meeting, "-o", str(out), "--case", "T-9"))
    assert line.startswith("error: --case")


def test_minutes_are_recorded_as_exports_and_never_written_through_a_link(
    store_url: str, meeting: str, tmp_path: Path
) -> None:
    """The minutes print each case's summary, so each pinned version is an export in the
    audit trail; a symbolic link planted at the output is refused and its target untouched."""
    out = tmp_path / "minutes.pdf"
    ok(meetings(store_url, "minutes", meeting, "-o", str(out), "--user", "dr-sec"))
    with open_store(store_url) as store:
        log = store.access_log("T-1")
    assert [(a.who, a.action, a.version) for a in log] == [("dr-sec", "export", 1)]
    assert out.stat().st_mode & 0o777 == 0o600

    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.pdf"
    link.symlink_to(precious)
    assert "-o" in refused(meetings(store_url, "minutes", meeting, "-o", str(link)))
    assert precious.read_text(encoding="utf-8") == "keep me"


def test_a_decision_is_not_recorded_before_the_meeting_day(store_url: str) -> None:
    with open_store(store_url) as store:
        store.save(make_case("T-1"), "dr")
    later = (date.today() + timedelta(days=1)).isoformat()
    created = ok(meetings(store_url, "create", "--date", later, "--name", "RCP", *QUORATE))
    ok(meetings(store_url, "add-case", created["meeting_id"], "T-1"))
    decide = ("decide", created["meeting_id"], "T-1", "--therapy", "surgery", "--type", "treatment")
    assert refused(meetings(store_url, *decide)).startswith("error: --date")


def test_a_case_with_data_after_the_meeting_day_is_not_that_meetings_case(
    store_url: str,
) -> None:
    """A scan dated after the meeting cannot have been shown at it."""
    scanned = make_case("T-1").to_contract_json()
    scanned["imaging"] = [{"date": "2026-11-01", "modality": "ct", "sum_diameters_mm": 40}]
    with open_store(store_url) as store:
        store.save(parse_case(scanned, TODAY), "dr")
    created = ok(meetings(store_url, "create", "--date", "2001-01-01", "--name", "RCP", *QUORATE))
    line = refused(meetings(store_url, "add-case", created["meeting_id"], "T-1"))
    assert "after the meeting day 2001-01-01" in line


def test_a_decided_case_is_not_re_pinned_to_a_newer_version(store_url: str, meeting: str) -> None:
    """The decision stands with the version and question it was taken on; version 2 goes to
    a later meeting (REPIN-ONLY-BEFORE-DECISION)."""
    ok(meetings(store_url, "decide", meeting, "T-1", "--therapy", "surgery", "--type", "treatment"))
    with open_store(store_url) as store:
        store.save(with_ki67(make_case("T-1"), 20), "dr", base_version=1)
    line = refused(meetings(store_url, "add-case", meeting, "T-1"))
    assert "decided at this meeting on version 1" in line
    shown = ok(meetings(store_url, "show", meeting))["cases"][0]
    assert (shown["case_version"], shown["decision"]["case_version"]) == (1, 1)
