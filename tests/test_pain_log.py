"""Pain logs: 0–10 scores, contexts, knees, VAS only when asked, clear errors."""

import pandas as pd
import pytest

import kneecare_analysis as kc


def load(write, text, **kw):
    return kc.load_pain_log(write("pain_log.csv", text), **kw)


def test_columns_types_and_words(write):
    pain = load(
        write,
        "Date,Knee Pain,Context,Knee,Note\n"
        "2026-03-02,4.5,during run,L,hills\n"
        "2026-03-02,3,After-Run,right,\n"
        "2026-03-01,2,,,\n"
        "2026-03-03,7/10,worst_24h,both,\n"
        "2026-03-04,0,morning,B,\n",
    )
    assert list(pain.columns) == ["athlete", "date", "pain", "context", "knee", "note", "file", "line"]
    assert str(pain["pain"].dtype) == "Float64"
    got = [(str(r.date.date()), r.pain, r.context, r.knee) for r in pain.itertuples()]
    assert got == [
        ("2026-03-01", 2.0, "unspecified", "unspecified"),
        ("2026-03-02", 4.5, "during_run", "left"),
        ("2026-03-02", 3.0, "after_run", "right"),
        ("2026-03-03", 7.0, "worst_24h", "both"),
        ("2026-03-04", 0.0, "morning", "both"),
    ]
    assert pain["athlete"].tolist() == ["me"] * 5


def test_semicolon_file_with_decimal_commas(write):
    assert load(write, "date;pain\n2026-03-02;4,5\n")["pain"].tolist() == [4.5]


def test_out_of_range_and_text_scores(write):
    text = (
        "date,pain,context\n2026-03-02,11,rest\n2026-03-02,-1,rest\n2026-03-02,sore,rest\n"
        "2026-03-02,,rest\n2026-03-02,3,sleepy\n"
    )
    with pytest.raises(kc.LogFormatError) as exc:
        load(write, text)
    got = [(p.line, p.column, p.value) for p in exc.value.problems]
    assert got == [(2, "pain", "11"), (3, "pain", "-1"), (4, "pain", "sore"), (5, "pain", ""), (6, "context", "sleepy")]
    assert 'pain_scale = "0-100"' in exc.value.problems[0].expected
    assert "worst_24h" in exc.value.problems[4].expected
    assert len(load(write, text, errors="report").attrs["rejected"]) == 5


def test_vas_is_converted_only_when_asked(write):
    text = "date,VAS\n2026-03-02,45\n2026-03-03,100\n"
    with pytest.raises(kc.LogFormatError, match='pain_scale = "0-100"'):
        load(write, text)
    assert load(write, text, scale="vas100")["pain"].tolist() == [4.5, 10.0]
    assert load(write, "date,pain\n2026-03-02,60\n", scale="vas100")["pain"].tolist() == [6.0]


def test_missing_pain_column(write):
    with pytest.raises(kc.LogFormatError, match="a 'pain' column"):
        load(write, "date,score_of_the_day\n2026-03-02,3\n")


def test_pain_scores_keep_their_source_line(write):
    pain = load(write, "date,pain\n\n2026-03-02,4\n")
    assert str(pain["file"].iloc[0]).endswith("pain_log.csv") and pain["line"].iloc[0] == 3
    assert isinstance(pain["context"].dtype, pd.CategoricalDtype)
