"""The rule tables as a clinician-editor meets them: every shipped file loads and checks, and
every typical editing mistake is refused at load with its file, line and rule id.

The seeded mistakes are applied one at a time to a copy of the rule files, read through
``$NETLOGIC_RULES_DIR`` exactly as ``python -m netlogic rules check --data DIR`` reads them.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from netlogic.cli.rules import check_rule_tables
from netlogic.clinical.evaluation import evaluate
from netlogic.clinical.rules import load_ruleset, ruleset, ruleset_version
from netlogic.model.case_io import parse_case
from netlogic.model.vocabulary import Therapy
from netlogic.reference.loading import (
    PACKAGED_DATA_DIR,
    RULES_DIR_ENV,
    SEEDS,
    RuleFileError,
    reload_rules,
)
from netlogic.reference.sources import load_source_registry
from tests.cli_support import run_cli
from tests.conftest import TODAY

RULE_FILES = (
    "pathway",
    "alerts.yaml",
    "thresholds.yaml",
    "sources.yaml",
    "grading.yaml",
    "evidence.yaml",
    "sequencing.yaml",
    "units.yaml",
    "i18n",
)


@pytest.fixture
def rules_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the rule files, made the rules folder for this test."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in RULE_FILES:
        source = PACKAGED_DATA_DIR / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            shutil.copy(source, folder / name)
    monkeypatch.setenv(RULES_DIR_ENV, str(folder))
    reload_rules()
    yield folder
    monkeypatch.delenv(RULES_DIR_ENV)
    reload_rules()


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}: the seeded mistake would not be seeded"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the shipped tables ----------------------------------------------------------------------


def test_every_shipped_rule_file_loads_and_checks() -> None:
    assert check_rule_tables() == []
    rules = ruleset()
    assert [t.therapy for t in rules.therapies] == list(Therapy)
    assert re.fullmatch(r"\d{4}\.\d{2}\.\d{2}-[0-9a-f]{8}", rules.version)
    assert {s for s in load_source_registry().entries if s.endswith(".txt")} == SEEDS


def test_every_rule_cites_a_source_and_has_reasons_in_both_languages() -> None:
    rules = ruleset()
    for table in rules.therapies:
        for rule in (*table.rules, *rules.common_rules):
            assert rule.sources, rule.id
            assert all(r.en and r.fr for r in rule.reasons), rule.id


def test_rules_check_command_passes_on_the_shipped_rules() -> None:
    run = run_cli("rules", "check")
    assert run.returncode == 0, run.stderr
    assert '"ok": true' in run.stdout


# --- seeded editing mistakes: each refused, naming its file ---------------------------------

SEEDED_MISTAKES = [
    # A misspelt enumeration value: "negatve" would silently never match.
    ("pathway/05_ssa.yaml", "when: {sstr: negative}", "when: {sstr: negatve}", "'negatve'"),
    # A mis-cased grade: "g3" is not "G3".
    (
        "pathway/01_observation.yaml",
        "when: {family: NET, grade: G3}",
        "when: {family: NET, grade: g3}",
        "'g3'",
    ),
    # Text where yes/no is expected.
    (
        "pathway/01_observation.yaml",
        "when: {syndrome: true}",
        'when: {syndrome: "yes"}',
        "true or false",
    ),
    # A misspelt trial: a citation nobody could follow.
    (
        "pathway/05_ssa.yaml",
        "sources: [003_415bea0888277d88.txt, CLARINET]",
        "sources: [003_415bea0888277d88.txt, CLARINNET]",
        "CLARINNET",
    ),
    # The same rule id in two files: "rules show" and the screen would point at the wrong one.
    (
        "pathway/08_sunitinib.yaml",
        "- id: SUN-DEFAULT",
        "- id: EVE-DEFAULT",
        "already used in 07_everolimus.yaml",
    ),
    # A key written twice: PyYAML would keep the last one without a word.
    (
        "pathway/14_interferon.yaml",
        "    status: not_recommended\n",
        "    status: not_recommended\n    status: option\n",
        "written twice",
    ),
    # A number written as text: it would fail inside an evaluation with a TypeError.
    (
        "pathway/05_ssa.yaml",
        "ki67: {le: $ssa_ki67_option_max}",
        'ki67: {le: "10"}',
        "expected a number",
    ),
    # A misspelt status.
    ("pathway/06_telotristat.yaml", "status: option", "status: optional", "status"),
    # An unknown therapy id in a rule's scope.
    ("pathway/_common.yaml", "therapies: [prrt]", "therapies: [prrrt]", "therapies"),
    # An unknown therapy id inside a condition.
    (
        "pathway/12_prrt.yaml",
        "{failed: {contains: everolimus}}",
        "{failed: {contains: evrolimus}}",
        "'evrolimus'",
    ),
    # An unknown fact.
    (
        "pathway/02_surgery.yaml",
        'when: {resectable: "yes"}',
        'when: {resectability: "yes"}',
        "unknown fact 'resectability'",
    ),
    # An unknown limit.
    (
        "pathway/04_liver_transplant.yaml",
        "age: {lt: $transplant_age_below}",
        "age: {lt: $transplant_age_limit}",
        "unknown limit",
    ),
    # A limit written as text in thresholds.yaml.
    (
        "thresholds.yaml",
        "high_ki67_net_cut: {value: 55,",
        'high_ki67_net_cut: {value: "55",',
        "number",
    ),
    # A sequencing caution in the same condition language, with a misspelt therapy.
    (
        "sequencing.yaml",
        "previous_lines: {contains: ssa}",
        "previous_lines: {contains: ssaa}",
        "'ssaa'",
    ),
    # An alert naming an unknown fact.
    (
        "alerts.yaml",
        "when: {on_ppi: true, has_cga: true}",
        "when: {on_ppi: true, has_chromogranin: true}",
        "unknown fact",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "words"), SEEDED_MISTAKES)
def test_a_seeded_editing_mistake_is_refused_with_its_file(
    rules_copy: Path, file: str, old: str, new: str, words: str
) -> None:
    edit(rules_copy, file, old, new)
    problems = check_rule_tables()
    name = Path(file).name
    mine = [p for p in problems if p.file == name and words in str(p)]
    assert mine, [str(p) for p in problems]
    assert all(p.line for p in mine), "each problem points at a line"


def test_every_problem_is_reported_at_once_and_the_cli_exits_2(rules_copy: Path) -> None:
    edit(rules_copy, "pathway/05_ssa.yaml", "when: {sstr: negative}", "when: {sstr: negatve}")
    edit(rules_copy, "pathway/12_prrt.yaml", ", NETTER-1]", ", NETTER1]")
    edit(rules_copy, "alerts.yaml", "level: 3", "level: 9")
    with pytest.raises(RuleFileError) as caught:
        load_ruleset()
    files = {p.file for p in caught.value.problems}
    assert {"05_ssa.yaml", "12_prrt.yaml", "alerts.yaml"} <= files
    run = run_cli("rules", "check", "--data", str(rules_copy))
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "05_ssa.yaml:" in run.stderr
    assert "NETTER1" in run.stderr
    # Any other command on a bad rule set says the same, never a bare exception.
    other = run_cli("rules", "list")
    assert other.returncode == 2
    assert "The rule tables have" in other.stderr


def test_a_misspelt_source_gets_a_hint(rules_copy: Path) -> None:
    edit(rules_copy, "pathway/12_prrt.yaml", ", NETTER-1]", ", NETTER1]")
    problems = [str(p) for p in check_rule_tables()]
    assert any("did you mean 'NETTER-1'" in p for p in problems), problems


# --- every clinical limit once ---------------------------------------------------------------

G3_PANCREAS_KI67_58 = {
    "schema_version": "1",
    "id": "T-CUT",
    "tumour": {
        "primary_site": "pancreas",
        "differentiation": "well",
        "ki67_percent": 58,
        "sstr_imaging": "positive",
    },
    "disease": {"stage": "metastatic", "metastatic_sites": ["liver"], "progression": "slow"},
}


def _evaluate(lang: str = "en") -> tuple[str, str, str, str]:
    result = evaluate(parse_case(G3_PANCREAS_KI67_58, TODAY), TODAY, lang=lang)
    pe, prrt = result.option("chemo_platinum_etoposide"), result.option("prrt")
    return pe.status.value, prrt.status.value, " ".join(pe.reasons), " ".join(prrt.reasons)


def test_one_edit_of_the_55_percent_cut_changes_every_place_that_uses_it(
    rules_copy: Path,
) -> None:
    # Ki-67 58%: above 55% the NET follows the NEC rules (platinum-etoposide debated, no PRRT).
    pe, prrt, pe_words, prrt_words = _evaluate()
    assert (pe, prrt) == ("option", "not_recommended")
    assert "55%" in pe_words
    assert "55%" in prrt_words
    edit(
        rules_copy,
        "thresholds.yaml",
        "high_ki67_net_cut: {value: 55,",
        "high_ki67_net_cut: {value: 60,",
    )
    reload_rules()
    # One edit: the track, the platinum-etoposide rule, the NETTER-2 range and every text move.
    pe, prrt, pe_words, prrt_words = _evaluate()
    assert (pe, prrt) == ("not_recommended", "option")
    assert "60%" in pe_words
    assert "60%" in prrt_words
    assert "55" not in pe_words + prrt_words
    _fr_pe, _fr_prrt, fr_pe_words, fr_prrt_words = _evaluate("fr")
    assert "60 %" in fr_pe_words
    assert "60 %" in fr_prrt_words


def test_no_rule_or_translation_writes_the_55_percent_cut_as_a_literal() -> None:
    # The cut lives in thresholds.yaml only; a literal copy elsewhere would go stale.
    texts = [
        *(PACKAGED_DATA_DIR / "pathway").glob("*.yaml"),
        PACKAGED_DATA_DIR / "alerts.yaml",
        *(PACKAGED_DATA_DIR / "i18n").glob("*.yaml"),
    ]
    offenders = [p.name for p in texts if re.search(r"\b55\s?%", p.read_text(encoding="utf-8"))]
    assert offenders == []


# --- provenance and version ------------------------------------------------------------------


def test_an_unreviewed_rule_is_marked_and_a_reviewed_one_is_not(rules_copy: Path) -> None:
    result = evaluate(parse_case(G3_PANCREAS_KI67_58, TODAY), TODAY)
    assert not result.option("prrt").reviewed
    assert result.unreviewed
    edit(
        rules_copy,
        "pathway/12_prrt.yaml",
        "  clinical_review: null",
        "  clinical_review: {by: Dr A. Reviewer, dated: 2026-12-02}",
    )
    reload_rules()
    result = evaluate(parse_case(G3_PANCREAS_KI67_58, TODAY), TODAY)
    assert result.option("prrt").reviewed
    assert not result.option("everolimus").reviewed


def test_the_version_is_computed_from_the_rule_files(rules_copy: Path) -> None:
    before = ruleset_version()
    assert before.startswith("2026.12.02-")
    # An edit that forgets to move the date still changes the version (its hash part).
    edit(rules_copy, "pathway/13_locoregional.yaml", "embolisation", "embolization")
    after = ruleset_version()
    assert after != before
    assert after[:10] == before[:10]
    edit(rules_copy, "alerts.yaml", "changed: 2026-12-02", "changed: 2027-01-15")
    assert ruleset_version().startswith("2027.01.15-")


def test_rules_show_leads_from_a_rule_to_its_sources_and_cases() -> None:
    run = run_cli("rules", "show", "PRRT-MIDGUT-AFTER-SSA", "--today", str(TODAY))
    assert run.returncode == 0, run.stderr
    assert '"file": "data/pathway/12_prrt.yaml"' in run.stdout
    assert "NETTER-1: 177Lu-DOTATATE" in run.stdout  # the source's readable title
    assert "ileum-g2-progressing-on-ssa" in run.stdout  # a case it decides
    missing = run_cli("rules", "show", "NO-SUCH-RULE")
    assert missing.returncode == 2
    assert "NO-SUCH-RULE" in missing.stderr


def test_rules_list_by_therapy() -> None:
    run = run_cli("rules", "list", "--therapy", "cabozantinib")
    assert run.returncode == 0
    assert "CABO-PANCREAS-AFTER-PRIOR-LINE" in run.stdout
    assert "PRRT-MIDGUT-AFTER-SSA" not in run.stdout
    assert run_cli("rules", "list", "--therapy", "cabozantnib").returncode == 2
