"""Every rule file loads and passes its schema; a bad rule is reported with its file and id."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from netlogic.clinical.evidence import load_evidence
from netlogic.clinical.grading import grading_table
from netlogic.clinical.rules import ALERTS_FILE, PATHWAY_DIR, load_ruleset
from netlogic.model.units import load_unit_table
from netlogic.model.vocabulary import Therapy
from netlogic.reference.loading import SEEDS, RuleFileError
from netlogic.reference.sources import load_seed_titles, seed_titles
from netlogic.whatif.sequencing import load_sequencing_rules


def test_every_production_rule_file_loads() -> None:
    rules = load_ruleset()
    assert [t.therapy for t in rules.therapies] == list(Therapy)
    assert rules.version
    assert load_evidence().trials
    assert grading_table()["digestive"]["ki67_g1_below"] == 3
    assert set(seed_titles()) == SEEDS  # every seed has a readable title
    assert load_sequencing_rules().rules
    assert load_unit_table().markers


def test_every_rule_cites_a_source_and_has_reasons_in_both_languages() -> None:
    rules = load_ruleset()
    for table in rules.therapies:
        for rule in table.rules:
            assert rule.sources, rule.id
            assert all(r.en and r.fr for r in rule.reasons), rule.id


def _copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "pathway"
    shutil.copytree(PATHWAY_DIR, target)
    return target


def test_bad_rules_are_all_reported_with_file_and_id(tmp_path: Path) -> None:
    folder = _copy_rules(tmp_path)
    ssa = folder / "05_ssa.yaml"
    text = ssa.read_text(encoding="utf-8")
    # An unknown fact (a typo), an unknown status and an unknown seed file, in two rules.
    text = text.replace("when: {sstr: negative}", "when: {sstr_imaging: negative}")
    text = text.replace(
        'status: recommended\n    reasons:\n      - en: "Ki-67 of 10%',
        'status: maybe\n    reasons:\n      - en: "Ki-67 of 10%',
    )
    ssa.write_text(text, encoding="utf-8")
    (folder / "06_telotristat.yaml").write_text(
        (folder / "06_telotristat.yaml")
        .read_text(encoding="utf-8")
        .replace("003_415bea0888277d88.txt", "009_unknown.txt", 1),
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError) as caught:
        load_ruleset(folder, ALERTS_FILE)
    found = {(p.file, p.rule_id) for p in caught.value.problems}
    assert ("05_ssa.yaml", "SSA-SSTR-NEGATIVE") in found
    assert ("05_ssa.yaml", "SSA-FIRST-LINE") in found
    assert ("06_telotristat.yaml", "TELO-REFRACTORY-DIARRHOEA") in found


def test_a_missing_default_rule_is_refused(tmp_path: Path) -> None:
    folder = _copy_rules(tmp_path)
    path = folder / "15_immunotherapy.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("  - id: IO-TRIAL-ONLY")[0], encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_ruleset(folder, ALERTS_FILE)
    assert any("default" in p.message for p in caught.value.problems)


def test_bad_source_titles_are_all_reported(tmp_path: Path) -> None:
    bad = tmp_path / "sources.yaml"
    bad.write_text(
        "review: {author: a, checked_by: b, review_by: c}\n"
        "seeds:\n  000_0a82ed424a2b906d.txt: {en: only English}\n"
        "  999_unknown.txt: {en: x, fr: y}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError) as caught:
        load_seed_titles(bad)
    ids = {p.rule_id for p in caught.value.problems}
    # 000 lacks French and a short title, 001-004 are missing, 999 is not a seed: all at once.
    assert ids == {*SEEDS, "999_unknown.txt"}
    assert all(p.file == "sources.yaml" for p in caught.value.problems)
