"""The variety evaluator on sets of texts whose variety is known by who wrote them."""

from __future__ import annotations

import json

import pytest

from tweetx.evaluate import main
from tweetx.evaluate.variety import evaluate_variety, split_of


def test_claims_precision_and_recall(tmp_path, write_lines):
    write_lines(
        tmp_path,
        "prs_outlet.txt",
        [
            "والی هرات از شفاخانه ملکی دیدن کرد",  # Afghan words: a prs claim
            "مردم امروز در شهر جمع شدند",  # none
            "",  # blank lines are not texts
        ],
    )
    write_lines(
        tmp_path,
        "pes_outlet.txt",
        [
            "مدیرکل بهداشت استان گفت",  # Iranian words: a pes claim
            "روز ۲۳ مهر نشست برگزار شد",  # an Iranian date: pes
            "این خبر را همه شنیدند",  # none
        ],
    )
    report = evaluate_variety(tmp_path)
    assert report["files"]["prs_outlet.txt"]["claims"] == {"prs": 1, "pes": 0, "none": 1}
    assert report["files"]["pes_outlet.txt"]["claims"] == {"prs": 0, "pes": 2, "none": 1}
    assert report["varieties"]["prs"] == {"claims": 1, "precision": 1.0, "recall": 0.5, "texts": 2}
    assert report["varieties"]["pes"]["recall"] == pytest.approx(2 / 3)
    halves = [evaluate_variety(tmp_path, split) for split in ("dev", "test")]
    assert sum(h["varieties"]["pes"]["texts"] for h in halves) == 3
    assert split_of("مدیرکل بهداشت استان گفت") == split_of("مدیرکل بهداشت استان گفت")


def test_command_line(tmp_path, capsys, write_lines):
    write_lines(tmp_path, "pes_a.txt", ["مدیرکل بهداشت استان گفت"])
    main(["variety", str(tmp_path)])
    out = capsys.readouterr().out.splitlines()
    assert "pes: precision 1.000 (1 claims), recall 1.000 of 1" in out
    assert json.loads(out[-1])["varieties"]["prs"]["claims"] == 0


def test_command_line_says_what_is_missing(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["variety", str(tmp_path)])
    assert "no prs*.txt or pes*.txt files" in capsys.readouterr().err
