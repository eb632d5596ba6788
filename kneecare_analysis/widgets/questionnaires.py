"""Entering a completed questionnaire — AKPS, KOOS-PF, PSFS or GROC — from the official form the runner filled
in, item by item, and the scores so far.

Each item shows its number, a short label in this project's own words and its options in the form's order;
the instruments' own wording is on their official forms (each instrument's ``forms`` says where). Saving uses
the logbook's locked, atomic write; the same instrument saved again for the same day replaces that entry.

>>> import tempfile
>>> from kneecare_analysis.widgets import QuestionnaireEntry
>>> q = QuestionnaireEntry(tempfile.mkdtemp(), today="2026-03-02")
>>> q.choose("psfs"); q.answer(1, 4, note="running 10 km"); q.save().name
'questionnaires.csv'
>>> q.status
'Saved: 1 answer of the PSFS for Monday 02 March.'
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
from pathlib import Path

import ipywidgets as w
import pandas as pd

from ..instruments import INSTRUMENTS, Instrument
from ..logbook import QUESTIONNAIRES, LogWriteError, save_questionnaire
from ..palette import STATUS
from ..paths import is_sample
from ..render import scores_table, text_of

NOT_ANSWERED = -99  # a dropdown's "not answered" (a value of None would show an empty box)


class QuestionnaireEntry:
    """A completed questionnaire form, transcribed an item at a time and saved into ``data_dir``.

    Parameters
    ----------
    data_dir : str or Path
        The runner's folder (its ``questionnaires.csv``).
    athlete : str
        Whose form it is.
    today : date or str, optional
        The day the form was filled in; by default today.
    instrument : str
        The form shown first: ``"akps"``, ``"koos_pf"``, ``"psfs"`` or ``"groc"``.

    Examples
    --------
    >>> import tempfile
    >>> q = QuestionnaireEntry(tempfile.mkdtemp(), today="2026-03-02", instrument="psfs")
    >>> q.answer(1, 4, note="running 10 km")
    >>> _ = q.save()
    >>> q.scores()[["instrument", "score"]].values.tolist()
    [['psfs', 4.0]]
    """

    def __init__(
        self,
        data_dir: str | Path,
        *,
        athlete: str = "me",
        today: str | dt.date | None = None,
        instrument: str = "akps",
    ):
        self.data_dir = Path(data_dir).expanduser()
        self.athlete = str(athlete).strip() or "me"
        self.date = pd.Timestamp(today).date() if today is not None else dt.date.today()
        self._answers: dict[int, int] = {}
        self._notes: dict[int, str] = {}
        self._inputs: dict[int, tuple[w.Dropdown, w.Text | None]] = {}
        self._instrument = w.Dropdown(
            options=[(f"{i.short} — {i.name}", i.id) for i in INSTRUMENTS.values()],
            value=instrument,
            description="Form",
            layout=w.Layout(width="460px"),
        )
        self._instrument.add_class("kc-instrument")
        self._date = w.DatePicker(value=self.date, description="Day")
        self._about = w.HTML()
        self._items = w.VBox()
        self._save = w.Button(description="Save answers", icon="save", button_style="success")
        self._save.add_class("kc-save-answers")
        self._save.on_click(lambda _: self._clicked())
        self._status = w.HTML()
        self._status.add_class("kc-status")
        self._scores = w.HTML()
        self._scores.add_class("kc-scores")
        self._instrument.observe(lambda change: self.choose(change["new"]), names="value")
        self._date.observe(self._day_changed, names="value")
        warning = []
        if is_sample(self.data_dir):
            warning = [
                w.HTML(
                    f"<p style='color:{STATUS['danger']}'><b>This is the sample data folder, which is "
                    "never written to.</b> Set KNEECARE_DATA to your own folder to save answers."
                    "</p>"
                )
            ]
        self.widget = w.VBox(
            [
                w.HBox([self._instrument, self._date]),
                *warning,
                self._about,
                self._items,
                self._save,
                self._status,
                self._scores,
            ]
        )
        self.widget.add_class("kc-questionnaire")
        self.choose(instrument)
        self._show_scores()

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = "Run this cell to enter a questionnaire."
        return bundle

    # ---- actions ------------------------------------------------------------------------------------------
    def choose(self, instrument: str) -> None:
        """Show the items of ``instrument`` (``akps``, ``koos_pf``, ``psfs``, ``groc``); answers start empty."""
        if instrument not in INSTRUMENTS:
            raise ValueError(f"unknown instrument {instrument!r}; instruments: {', '.join(INSTRUMENTS)}")
        if self._instrument.value != instrument:
            self._instrument.value = instrument  # the observer comes back here
            return
        inst = INSTRUMENTS[instrument]
        self._answers, self._notes, self._inputs = {}, {}, {}
        self._items.children = tuple(self._item_row(inst, n) for n in range(1, len(inst.items) + 1))
        mic = f"a change of {inst.mic:g} points or more matters ({inst.mic_source})" if inst.mic else inst.mic_note
        self._about.value = (
            f"<p><b>{html.escape(inst.name)}</b> ({html.escape(inst.source)}). Copy the answers from the "
            f"official form: {html.escape(inst.forms)}. The labels here are short reminders, not the form's "
            f"wording. {html.escape(mic[:1].upper() + mic[1:])}.</p>"
        )
        self._status.value = ""

    def answer(self, item: int, value: int | None, *, note: str | None = None) -> None:
        """Answer ``item`` (1-based): the option's position on the form (0 for the first; PSFS and GROC: the
        number); ``None`` clears it. ``note`` is a PSFS item's activity."""
        inst = INSTRUMENTS[self._instrument.value]
        if not 1 <= item <= len(inst.items):
            raise ValueError(f"{inst.short} has items 1 to {len(inst.items)}")
        dropdown, text = self._inputs[item]
        if value is not None:
            low, high = inst.answer_range(item)
            if int(value) != value or not low <= value <= high:
                raise ValueError(f"{inst.short} item {item} takes an answer from {low} to {high}")
            self._answers[item] = int(value)
        else:
            self._answers.pop(item, None)
        dropdown.value = NOT_ANSWERED if value is None else int(value)
        if note is not None:
            if text is None:
                raise ValueError(f"{inst.short} items take no note")
            text.value = note
            self._notes[item] = note.strip()

    @property
    def items(self) -> list[str]:
        """The form's items as shown, a line each: its number and label."""
        return [text_of(row.children[0].value) for row in self._items.children]

    @property
    def about(self) -> str:
        """What is shown about the chosen instrument (its source, where the official form is)."""
        return text_of(self._about.value)

    @property
    def status(self) -> str:
        """The status line as shown."""
        return text_of(self._status.value)

    @property
    def shown_scores(self) -> str:
        """The scores table under the form as shown, as text."""
        return text_of(self._scores.value)

    def rows(self) -> list[dict]:
        """The ``questionnaires.csv`` rows this entry would save, one per answered item."""
        inst = self._instrument.value
        return [
            {
                "date": self.date.isoformat(),
                "athlete": self.athlete,
                "instrument": inst,
                "item": item,
                "answer": answer,
                "note": self._notes.get(item) or None,
            }
            for item, answer in sorted(self._answers.items())
        ]

    def save(self) -> Path:
        """Save the answers (replacing this instrument's entry of the same day) and show the scores so far."""
        rows = self.rows()
        if not rows:
            self._say("Nothing answered yet: copy the answers from the form, then save.", STATUS["warning"])
            raise ValueError("nothing answered yet")
        digest = hashlib.sha1(self.athlete.encode("utf-8")).hexdigest()[:8]
        session = f"{self._instrument.value}-{self.date.isoformat()}-{digest}"
        try:
            path = save_questionnaire(self.data_dir, session, rows)
        except LogWriteError as exc:
            self._say(str(exc), STATUS["danger"])
            raise
        inst = INSTRUMENTS[self._instrument.value]
        self._say(
            f"Saved: {len(rows)} answer{'s' if len(rows) != 1 else ''} of the {inst.short} for {self.date:%A %d %B}.",
            STATUS["success"],
        )
        self._show_scores()
        return path

    def scores(self) -> pd.DataFrame:
        """This athlete's scores from what is saved (:func:`kneecare_analysis.score_questionnaires`)."""
        from ..analysis import score_questionnaires
        from ..loaders import load_questionnaires

        path = self.data_dir / QUESTIONNAIRES
        if not path.exists():
            return score_questionnaires(pd.DataFrame())
        scores = score_questionnaires(load_questionnaires(path, errors="report"))
        return scores[scores["athlete"] == self.athlete].reset_index(drop=True)

    # ---- building -----------------------------------------------------------------------------------------
    def _item_row(self, inst: Instrument, n: int) -> w.Widget:
        item = inst.items[n - 1]
        low, high = inst.answer_range(n)
        if inst.answers is None:
            choices = [(f"{k} · {label}", k) for k, label in enumerate(item.options)]
        else:
            choices = [(f"{v:+d}" if inst.id == "groc" else str(v), v) for v in range(low, high + 1)]
        dropdown = w.Dropdown(
            options=[("— not answered", NOT_ANSWERED), *choices], value=NOT_ANSWERED, layout=w.Layout(width="330px")
        )
        dropdown.add_class(f"kc-item-{n}")
        text = None
        if inst.id == "psfs":
            text = w.Text(placeholder="the activity", layout=w.Layout(width="220px"))
            text.add_class(f"kc-activity-{n}")
            text.observe(lambda change, n=n: self._notes.__setitem__(n, change["new"].strip()), names="value")

        def changed(change, n=n):
            if change["new"] == NOT_ANSWERED:
                self._answers.pop(n, None)
            else:
                self._answers[n] = int(change["new"])

        dropdown.observe(changed, names="value")
        self._inputs[n] = (dropdown, text)
        label = w.HTML(f"<b>{n}.</b> {html.escape(item.label)}", layout=w.Layout(width="300px"))
        return w.HBox([label, *([text] if text is not None else []), dropdown])

    def _day_changed(self, change) -> None:
        if change["new"] is not None:
            self.date = change["new"]

    def _clicked(self) -> None:
        with contextlib.suppress(ValueError, LogWriteError):  # the status line says what went wrong
            self.save()

    def _say(self, text: str, colour: str) -> None:
        self._status.value = f"<p style='color:{colour}'><b>{html.escape(text)}</b></p>"

    def _show_scores(self) -> None:
        try:
            scores = self.scores()
        except (OSError, ValueError) as exc:
            self._scores.value = f"<p>The saved answers cannot be scored: {html.escape(str(exc))}</p>"
            return
        if scores.empty:
            self._scores.value = ""
            return
        self._scores.value = "<h4 style='margin:8px 0 2px'>Your scores so far</h4>" + scores_table(
            scores, leave_out=("matters at",)
        )
