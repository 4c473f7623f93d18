"""Tumour-board meetings: quorum, a decision's status against the pathway, the refusal of an
unjustified departure, pinned versions, append-only history and the concordance report.
Store tests run on SQLite, and on PostgreSQL when NETLOGIC_TEST_DATABASE_URL is set (see
tests/test_store_support.py)."""

# Fixtures are imported from the support module and requested by name (F401/F811).
# ruff: noqa: F811

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import netlogic.clinical.evaluation as evaluation_module
from netlogic.clinical.evaluation import evaluate
from netlogic.meetings import (
    CaseDecision,
    Concordance,
    Decision,
    DecisionInput,
    DecisionType,
    MeetingInputError,
    Participant,
    Specialty,
    add_case,
    case_decisions,
    concordance,
    concordance_report,
    create_meeting,
    has_quorum,
    list_meetings,
    load_meeting,
    options_at_meeting,
    record_decision,
    revise_meeting,
    to_present_again,
)
from netlogic.meetings.demo import DEMO_MEETINGS, seed_demo_meetings
from netlogic.meetings.status import classify
from netlogic.model.vocabulary import Status, Therapy
from netlogic.store.demo import seed_demo
from netlogic.store.meetings import MeetingNotFoundError, MeetingStore
from netlogic.store.repository import CaseNotFoundError, CaseStore, StoreError, alembic_config
from tests.conftest import TODAY
from tests.test_store_support import (  # noqa: F401  (fixtures used by name)
    HEAD_REVISIONS,
    backend,
    empty_url,
    make_case,
    store,
    store_url,
    with_ki67,
)

MEETING_DAY = date(2026, 11, 20)
REC, OPT, NOT, CONTRA = (
    Status.RECOMMENDED,
    Status.OPTION,
    Status.NOT_RECOMMENDED,
    Status.CONTRAINDICATED,
)


def people(*specialties: str) -> list[Participant]:
    return [Participant(name=f"P{n}", specialty=Specialty(s)) for n, s in enumerate(specialties)]


QUORATE = people("oncology", "surgery", "radiology")


def meeting_with(
    store: CaseStore, *case_ids: str, participants: Any = None, day: date = MEETING_DAY
) -> str:
    meeting_id = create_meeting(
        store,
        meeting_date=day,
        name="RCP TNE regionale",
        participants=QUORATE if participants is None else participants,
        author="coordinator",
    )
    for case_id in case_ids:
        add_case(store, meeting_id, case_id, "coordinator")
    return meeting_id


def decide(
    therapies: list[Therapy], justification: str | None = None, **extra: Any
) -> DecisionInput:
    return DecisionInput(
        therapies=therapies, type=DecisionType.TREATMENT, justification=justification, **extra
    )


# --- quorum (pure) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("specialties", "quorum"),
    [
        # three physicians of three specialties: the French RCP minimum
        (("oncology", "surgery", "radiology"), True),
        # many people but two specialties: not valid, present again
        (("oncology", "oncology", "surgery", "surgery"), False),
        # two "other" physicians cannot be told apart: "other" counts once
        (("other", "other", "pathology"), False),
        # nobody recorded yet
        ((), False),
        # a full regional board
        (("oncology", "gastroenterology", "surgery", "radiology", "nuclear_medicine"), True),
        # "other" still counts as one specialty beside two named ones
        (("other", "endocrinology", "pathology"), True),
    ],
)
def test_quorum_needs_three_different_specialties(
    specialties: tuple[str, ...], quorum: bool
) -> None:
    assert has_quorum(people(*specialties)) is quorum


# --- status of a decision against the pathway (pure) ----------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        # the one recommended line
        ({Therapy.SSA: REC}, Concordance.WITHIN_RECOMMENDED),
        # every therapy recommended, two together
        ({Therapy.SSA: REC, Therapy.TELOTRISTAT: REC}, Concordance.WITHIN_RECOMMENDED),
        # an option among the offered ones
        ({Therapy.PRRT: OPT}, Concordance.WITHIN_OPTION),
        # recommended plus an option: still within what was offered
        ({Therapy.SSA: REC, Therapy.EVEROLIMUS: OPT}, Concordance.WITHIN_OPTION),
        # not recommended: a departure
        ({Therapy.OBSERVATION: NOT}, Concordance.OUTSIDE_OFFERED),
        # contraindicated: a departure too
        ({Therapy.PRRT: CONTRA}, Concordance.OUTSIDE_OFFERED),
        # one departure in a combination is enough
        ({Therapy.SSA: REC, Therapy.SUNITINIB: NOT}, Concordance.OUTSIDE_OFFERED),
    ],
)
def test_classify_a_decision(statuses: dict[Therapy, Status], expected: Concordance) -> None:
    assert classify(statuses) is expected


@given(st.dictionaries(st.sampled_from(list(Therapy)), st.sampled_from(list(Status)), min_size=1))
def test_a_decision_is_outside_exactly_when_a_therapy_was_not_offered(
    statuses: dict[Therapy, Status],
) -> None:
    outside = any(s in (NOT, CONTRA) for s in statuses.values())
    assert (classify(statuses) is Concordance.OUTSIDE_OFFERED) is outside


# --- records refuse bad text (pure) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        # a bell character pasted from somewhere: never printed in the minutes
        ("justification", "patient\x07choice"),
        # an escape sequence could recolour a terminal reading the CLI output
        ("text", "\x1b[31mred"),
        # a trial name is one line
        ("trial", "NETTER\n3"),
        # bounded lengths
        ("justification", "x" * 2001),
        ("trial", "x" * 201),
    ],
)
def test_decision_text_is_plain_and_bounded(field: str, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        DecisionInput.model_validate({"therapies": ["ssa"], "type": "treatment", field: value})
    assert caught.value.errors()[0]["loc"][0] == field


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co")), max_size=300))
def test_plain_justification_is_kept_as_typed(text: str) -> None:
    decision = DecisionInput(
        therapies=[Therapy.SSA], type=DecisionType.TREATMENT, justification=text
    )
    assert decision.justification == (text.strip() or None)


def test_a_decision_needs_a_therapy_and_lists_each_once() -> None:
    with pytest.raises(ValidationError):
        DecisionInput(therapies=[], type=DecisionType.TREATMENT)
    twice = DecisionInput(therapies=[Therapy.SSA, Therapy.PRRT, Therapy.SSA], type="treatment")
    assert twice.therapies == [Therapy.SSA, Therapy.PRRT]


# --- concordance report (pure) ----------------------------------------------------------------


def _decision(
    case_id: str,
    statuses: dict[Therapy, Status],
    *,
    quorum: bool = True,
    justification: str | None = None,
    day: date = MEETING_DAY,
    superseded: bool = False,
) -> CaseDecision:
    decision = Decision(
        meeting_id=f"M-{day.isoformat()}",
        case_id=case_id,
        case_version=1,
        ruleset_version="test",
        therapies=list(statuses),
        type=DecisionType.TREATMENT,
        text=None,
        status_at_decision=statuses,
        options=statuses,
        concordance=classify(statuses),
        justification=justification,
        trial=None,
        next_review=None,
        quorum=quorum,
        recorded_by="dr",
        recorded_at=datetime(2026, 11, 20, tzinfo=UTC),
    )
    return CaseDecision(
        meeting_id=decision.meeting_id,
        meeting_name="RCP",
        meeting_date=day,
        decision=decision,
        superseded=superseded,
    )


def test_concordance_counts_groups_and_filters() -> None:
    rows = [
        _decision("A", {Therapy.SSA: REC}),
        _decision("B", {Therapy.PRRT: OPT}, quorum=False),
        _decision("C", {Therapy.OBSERVATION: NOT}, justification="Patient declined."),
        # the same reason written differently: one group of two
        _decision("D", {Therapy.SURGERY: CONTRA}, justification="  patient   DECLINED "),
        _decision("E", {Therapy.SUNITINIB: NOT}, justification="Frail, ECOG 3"),
        # re-recorded since: history, not counted
        _decision("A", {Therapy.OBSERVATION: NOT}, justification="x", superseded=True),
        # outside the period
        _decision("F", {Therapy.SSA: REC}, day=date(2026, 1, 5)),
    ]
    report = concordance_report(rows, start=date(2026, 11, 1), end=date(2026, 11, 30))
    assert (report.decisions, report.within_recommended, report.within_option) == (5, 1, 1)
    assert (report.outside_offered, report.without_quorum) == (3, 1)
    assert [(g.count, g.therapies) for g in report.justifications] == [
        (2, ["observation", "surgery"]),
        (1, ["sunitinib"]),
    ]
    assert report.by_therapy["ssa"].model_dump() == {
        "decisions": 1,
        "recommended": 1,
        "option": 0,
        "not_offered": 0,
    }
    assert report.shares()["outside_offered"] == 0.6
    # both bounds are inclusive
    assert concordance_report(rows, start=MEETING_DAY, end=MEETING_DAY).decisions == 5


STATUS_MAPS = st.dictionaries(
    st.sampled_from(list(Therapy)), st.sampled_from(list(Status)), min_size=1, max_size=3
)


@given(
    st.lists(
        st.tuples(STATUS_MAPS, st.booleans(), st.booleans(), st.sampled_from(["a", "b", None])),
        max_size=12,
    )
)
def test_concordance_counts_add_up(rows: list[tuple[Any, bool, bool, str | None]]) -> None:
    decisions = [
        _decision(f"C{n}", statuses, quorum=quorum, justification=why, superseded=old)
        for n, (statuses, quorum, old, why) in enumerate(rows)
    ]
    report = concordance_report(decisions)
    standing = [d for d in decisions if not d.superseded]
    assert report.decisions == len(standing)
    assert report.within_recommended + report.within_option + report.outside_offered == len(
        standing
    )
    assert report.without_quorum == sum(1 for d in standing if not d.decision.quorum)
    for tally in report.by_therapy.values():
        assert tally.recommended + tally.option + tally.not_offered == tally.decisions
    assert sum(g.count for g in report.justifications) <= report.outside_offered
    assert all(v is None or 0 <= v <= 1 for v in report.shares().values())


def test_an_empty_period_has_no_shares_rather_than_a_division_by_zero() -> None:
    report = concordance_report([])
    assert report.decisions == 0
    assert set(report.shares().values()) == {None}


# --- store: meetings, agenda, decisions (SQLite and PostgreSQL) -----------------------------------


def test_meeting_is_created_listed_and_revised_as_versions(store: CaseStore) -> None:
    meeting_id = meeting_with(store, participants=people("oncology", "surgery"))
    assert load_meeting(store, meeting_id).quorum is False
    version = revise_meeting(
        store,
        meeting_id,
        meeting_date=MEETING_DAY,
        name="RCP TNE regionale",
        participants=people("oncology", "surgery", "pathology"),
        author="coordinator",
    )
    assert version == 2
    view = load_meeting(store, meeting_id)
    assert (view.quorum, view.version, [s.value for s in view.specialties]) == (
        True,
        2,
        ["oncology", "surgery", "pathology"],
    )
    history = MeetingStore(store).versions(meeting_id)
    assert [len(v.details.participants) for v in history] == [2, 3]
    assert [m.meeting_id for m in list_meetings(store)] == [meeting_id]


def test_agenda_pins_the_latest_version_and_keeps_the_order(store: CaseStore) -> None:
    for case_id in ("T-1", "T-2"):
        store.save(make_case(case_id), "dr")
    meeting_id = meeting_with(store, "T-1", "T-2")
    store.save(with_ki67(make_case("T-1"), 30), "dr", base_version=1)
    again = add_case(store, meeting_id, "T-1", "coordinator")  # pins version 2, same place
    agenda = load_meeting(store, meeting_id).agenda
    assert [(e.case_id, e.item.case_version, e.item.position) for e in agenda] == [
        ("T-1", 2, 1),
        ("T-2", 1, 2),
    ]
    assert again.case_version == 2


@pytest.mark.parametrize(
    ("meeting", "case_id", "error"),
    [
        # a case never saved cannot be presented
        ("known", "NOPE", CaseNotFoundError),
        # nor can a case be put on a meeting that does not exist
        ("M-unknown", "T-1", MeetingNotFoundError),
    ],
)
def test_add_case_names_what_is_unknown(
    store: CaseStore, meeting: str, case_id: str, error: type[StoreError]
) -> None:
    store.save(make_case("T-1"), "dr")
    meeting_id = meeting_with(store) if meeting == "known" else meeting
    with pytest.raises(error):
        add_case(store, meeting_id, case_id, "coordinator")


def test_decision_status_comes_from_the_pinned_version_at_the_meeting_date(
    store: CaseStore,
) -> None:
    store.save(make_case("T-1"), "dr")
    meeting_id = meeting_with(store, "T-1")
    expected = evaluate(make_case("T-1"), today=MEETING_DAY)
    options = options_at_meeting(store, meeting_id, "T-1")
    assert options.options == {o.therapy: o.status for o in expected.options}
    recorded = record_decision(store, meeting_id, "T-1", decide([Therapy.SURGERY]), "dr-b")
    assert recorded.status_at_decision == {Therapy.SURGERY: REC}
    assert recorded.concordance is Concordance.WITHIN_RECOMMENDED
    assert (recorded.ruleset_version, recorded.case_version) == (expected.ruleset_version, 1)
    assert (recorded.quorum, recorded.recorded_by) == (True, "dr-b")


def test_departure_without_justification_is_refused_and_nothing_recorded(
    store: CaseStore,
) -> None:
    store.save(make_case("T-1"), "dr")
    meeting_id = meeting_with(store, "T-1")
    with pytest.raises(MeetingInputError) as refused:
        record_decision(store, meeting_id, "T-1", decide([Therapy.OBSERVATION]), "dr")
    assert refused.value.field == "justification"
    assert "observation" in refused.value.message
    assert load_meeting(store, meeting_id).agenda[0].decision is None
    justified = decide([Therapy.OBSERVATION], justification="Patient declines surgery.")
    recorded = record_decision(store, meeting_id, "T-1", justified, "dr")
    assert recorded.concordance is Concordance.OUTSIDE_OFFERED
    assert recorded.justification == "Patient declines surgery."


@pytest.mark.parametrize(
    ("case_on_agenda", "decision", "field"),
    [
        # a case must be on the agenda before the meeting decides on it
        (False, decide([Therapy.SURGERY]), "case_id"),
        # a next review before the meeting itself is a typing error
        (True, decide([Therapy.SURGERY], next_review=date(2026, 11, 1)), "next_review"),
    ],
)
def test_decision_input_refusals_name_the_field(
    store: CaseStore, case_on_agenda: bool, decision: DecisionInput, field: str
) -> None:
    store.save(make_case("T-1"), "dr")
    meeting_id = meeting_with(store, *(["T-1"] if case_on_agenda else []))
    with pytest.raises(MeetingInputError) as refused:
        record_decision(store, meeting_id, "T-1", decision, "dr")
    assert refused.value.field == field


def test_decision_without_quorum_is_recorded_and_flagged_to_present_again(
    store: CaseStore,
) -> None:
    store.save(make_case("T-1"), "dr")
    meeting_id = meeting_with(store, "T-1", participants=people("oncology", "oncology"))
    recorded = record_decision(store, meeting_id, "T-1", decide([Therapy.SURGERY]), "dr")
    assert (recorded.quorum, recorded.present_again) == (False, True)
    entry = load_meeting(store, meeting_id).agenda[0]
    assert entry.present_again is True
    assert load_meeting(store, meeting_id).to_json()["cases"][0]["present_again"] is True
    assert concordance(store).without_quorum == 1


def test_rerecorded_decision_wins_and_the_first_stays_in_history(store: CaseStore) -> None:
    store.save(make_case("T-1"), "dr")
    meeting_id = meeting_with(store, "T-1")
    record_decision(store, meeting_id, "T-1", decide([Therapy.SURGERY]), "dr-a")
    second = decide([Therapy.OBSERVATION], justification="Patient's choice")
    record_decision(store, meeting_id, "T-1", second, "dr-b")
    entry = load_meeting(store, meeting_id).agenda[0]
    assert entry.decision is not None
    assert entry.decision.therapies == [Therapy.OBSERVATION]
    assert [d.therapies for d in entry.earlier_decisions] == [[Therapy.SURGERY]]
    history = case_decisions(store, "T-1")
    assert [(d.superseded, d.decision.recorded_by) for d in history] == [
        (True, "dr-a"),
        (False, "dr-b"),
    ]
    assert history[0].meeting_name == "RCP TNE regionale"
    # the concordance counts the decision that stands, once
    assert (concordance(store).decisions, concordance(store).outside_offered) == (1, 1)


def test_pinned_decision_reads_unchanged_after_the_case_and_the_rules_change(
    store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(make_case("T-1"), "dr")
    meeting_id = meeting_with(store, "T-1")
    record_decision(store, meeting_id, "T-1", decide([Therapy.SURGERY]), "dr")
    before = load_meeting(store, meeting_id).to_json()["cases"][0]

    # The case changes (Ki-67 30: surgery becomes an option) ...
    store.save(with_ki67(make_case("T-1"), 30), "dr", base_version=1)
    # ... and so do the rules: any new evaluation would call everything contraindicated.
    real = evaluation_module.evaluate

    def new_rules(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        options = [o.model_copy(update={"status": CONTRA}) for o in result.options]
        return result.model_copy(update={"options": options, "ruleset_version": "2099.01.01"})

    monkeypatch.setattr(evaluation_module, "evaluate", new_rules)
    assert (
        options_at_meeting(store, meeting_id, "T-1").options[Therapy.SURGERY] is CONTRA
    )  # really new

    after = load_meeting(store, meeting_id).to_json()["cases"][0]
    assert after == before
    assert after["case_version"] == 1
    assert after["decision"]["status_at_decision"] == {"surgery": "recommended"}
    assert after["ruleset_version"] != "2099.01.01"


def test_concordance_over_a_period_counts_meetings_by_their_date(store: CaseStore) -> None:
    store.save(make_case("T-1"), "dr")
    early = meeting_with(store, "T-1", day=date(2026, 1, 10))
    late = meeting_with(store, "T-1", day=date(2026, 6, 10))
    record_decision(store, early, "T-1", decide([Therapy.SURGERY]), "dr")
    record_decision(store, late, "T-1", decide([Therapy.OBSERVATION], "Frail"), "dr")
    assert concordance(store).decisions == 2
    first_half = concordance(store, date(2026, 1, 1), date(2026, 3, 31))
    assert (first_half.decisions, first_half.within_recommended) == (1, 1)
    summer = concordance(store, start=date(2026, 6, 1))
    assert (summer.decisions, summer.outside_offered) == (1, 1)
    assert summer.justifications[0].justification == "Frail"
    with pytest.raises(MeetingInputError) as refused:
        concordance(store, date(2026, 6, 1), date(2026, 1, 1))
    assert refused.value.field == "to"


@pytest.mark.parametrize(
    "table", ["meetings", "meeting_versions", "meeting_agenda", "meeting_decisions"]
)
def test_meeting_tables_refuse_updates_and_deletes(
    store: CaseStore, backend: str, table: str
) -> None:
    store.save(make_case("T-1"), "dr")
    meeting_id = meeting_with(store, "T-1")
    record_decision(store, meeting_id, "T-1", decide([Therapy.SURGERY]), "dr")
    column = "meeting_id"
    for statement in (
        f"UPDATE {table} SET {column} = {column}",
        f"DELETE FROM {table}",
    ):
        with pytest.raises(sa.exc.DatabaseError), store.engine.begin() as conn:
            conn.exec_driver_sql(statement)
    if backend == "postgresql":  # row triggers do not see TRUNCATE: a statement trigger does
        with pytest.raises(sa.exc.DatabaseError), store.engine.begin() as conn:
            conn.exec_driver_sql(f"TRUNCATE {table} CASCADE")
    assert len(MeetingStore(store).decisions()) == 1


def test_the_store_is_migrated_to_the_meetings_revision(store: CaseStore) -> None:
    # 0004 chains on the reserved 0003 placeholder; later migrations chain on 0004.
    migration = ScriptDirectory.from_config(alembic_config()).get_revision("0004_meetings")
    assert migration is not None
    assert migration.down_revision == "0003_hardening"
    current, _heads = store.schema_revisions()
    assert current == set(HEAD_REVISIONS)
    with store.engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
    assert {"meetings", "meeting_versions", "meeting_agenda", "meeting_decisions"} <= tables


def test_demo_meetings_fill_the_concordance_view_once(store: CaseStore) -> None:
    seed_demo(store, TODAY)
    planned = sum(len(m.decisions) for m in DEMO_MEETINGS)
    assert seed_demo_meetings(store, TODAY) == planned
    assert seed_demo_meetings(store, TODAY) == 0  # idempotent
    report = concordance(store)
    assert report.decisions == planned
    assert min(report.within_recommended, report.within_option, report.outside_offered) >= 1
    assert report.without_quorum >= 1
    assert report.justifications
    assert report.justifications[0].therapies
    assert all(m.date < TODAY for m in list_meetings(store))  # past meetings


def test_meeting_tables_match_their_model(store: CaseStore) -> None:
    # The migration and netlogic/store/meetings_schema.py describe the same tables: a column
    # added to one only would fail here, not in a clinician's hands.
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from netlogic.store.meetings_schema import MEETING_APPEND_ONLY_TABLES
    from netlogic.store.schema import metadata

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)

    def table_of(diff: Any) -> str | None:
        first = diff[0] if isinstance(diff, list) else diff
        for part in first[1:]:
            table = part if isinstance(part, str) else getattr(part, "table", part)
            name = table if isinstance(table, str) else getattr(table, "name", None)
            if name in MEETING_APPEND_ONLY_TABLES:
                return str(name)
        return None

    assert [d for d in differences if table_of(d)] == []


def test_cases_decided_without_quorum_wait_to_be_presented_again(store: CaseStore) -> None:
    for case_id in ("T-1", "T-2"):
        store.save(make_case(case_id), "dr")
    small = meeting_with(store, "T-1", "T-2", participants=people("oncology", "surgery"))
    for case_id in ("T-1", "T-2"):
        record_decision(store, small, case_id, decide([Therapy.SURGERY]), "dr")
    assert [d.decision.case_id for d in to_present_again(store)] == ["T-1", "T-2"]
    # T-1 is presented again at a quorate meeting a week later: off the list
    board = meeting_with(store, "T-1", day=date(2026, 11, 27))
    record_decision(store, board, "T-1", decide([Therapy.SURGERY]), "dr")
    assert [d.decision.case_id for d in to_present_again(store)] == ["T-2"]


def test_minutes_of_a_meeting_without_quorum_say_so(store: CaseStore) -> None:
    from pypdf import PdfReader

    from netlogic.export.minutes_pdf import minutes_pdf
    from netlogic.meetings import load_minutes

    store.save(make_case("T-1"), "dr")
    small = meeting_with(store, "T-1", participants=people("oncology", "oncology"))
    record_decision(store, small, "T-1", decide([Therapy.SURGERY]), "dr")
    reader = PdfReader(io.BytesIO(minutes_pdf(load_minutes(store, small), "en")))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Quorum not reached: present Oncology; at least 3 different specialties" in text
    assert "Decided without quorum: to present again" in text


def test_a_fixed_meeting_id_is_never_taken_twice(store: CaseStore) -> None:
    from netlogic.model.meeting import MeetingDetails

    details = MeetingDetails(date=MEETING_DAY, name="RCP", participants=QUORATE)
    meetings = MeetingStore(store)
    assert meetings.create(details, "demo", meeting_id="DEMO-X") == "DEMO-X"
    with pytest.raises(StoreError, match="exists"):
        meetings.create(details.model_copy(update={"name": "other"}), "demo", meeting_id="DEMO-X")
    assert meetings.get("DEMO-X").details.name == "RCP"  # the first one, untouched
