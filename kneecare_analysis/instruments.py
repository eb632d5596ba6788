"""The outcome questionnaires as data: the Anterior Knee Pain Scale (Kujala), KOOS-PF, the Patient-Specific
Functional Scale and the Global Rating of Change — their items, options, points, scoring rules and minimal
important changes, read from ``words/questionnaires.toml`` (which cites the source of each).

>>> akps = INSTRUMENTS["akps"]
>>> len(akps.items), akps.items[0].label, akps.items[0].points
(13, 'Limp', (5.0, 3.0, 0.0))
>>> akps.answer_range(1), INSTRUMENTS["groc"].answer_range(1)
((0, 2), (-7, 7))
"""

from __future__ import annotations

from dataclasses import dataclass

from .vocab import words


@dataclass(frozen=True)
class Item:
    """One item: its label (the project's own words), and per option its label and points (AKPS) or value."""

    label: str
    options: tuple[str, ...]
    points: tuple[float, ...]


@dataclass(frozen=True)
class Instrument:
    """A questionnaire: ``rule`` is ``"sum"`` (points of the chosen options), ``"koos"`` (100 − mean × 25),
    ``"mean"`` or ``"value"``; ``mic`` the minimal important change (``None`` with ``mic_note`` saying why)."""

    id: str
    name: str
    short: str
    source: str
    forms: str
    rule: str
    items: tuple[Item, ...]
    min_items: int
    mic: float | None
    mic_source: str
    mic_note: str
    answers: tuple[int, int] | None  # PSFS and GROC: the numbers an answer may be
    aliases: tuple[str, ...] = ()  # other names a file may give it

    def answer_range(self, item: int) -> tuple[int, int]:
        """The smallest and largest answer item ``item`` (1-based) takes: an option's position, or a number."""
        if self.answers is not None:
            return self.answers
        return 0, len(self.items[item - 1].options) - 1


def _instruments() -> dict[str, Instrument]:
    out = {}
    for key, spec in words("questionnaires").items():
        if "items" in spec and isinstance(spec["items"], list):
            items = tuple(
                Item(i["label"], tuple(o[0] for o in i["options"]), tuple(float(o[1]) for o in i["options"]))
                for i in spec["items"]
            )
        else:
            options = spec.get("options")
            label = "activity" if key == "psfs" else "item"
            items = tuple(
                Item(
                    f"{label} {n}",
                    tuple(o[0] for o in options) if options else (),
                    tuple(float(o[1]) for o in options) if options else (),
                )
                for n in range(1, int(spec["items"]) + 1)
            )
        out[key] = Instrument(
            id=key,
            name=spec["name"],
            short=spec["short"],
            source=spec["source"],
            forms=spec["forms"],
            rule=spec["rule"],
            items=items,
            min_items=int(spec["min_items"]),
            mic=float(spec["mic"]) if "mic" in spec else None,
            mic_source=spec.get("mic_source", ""),
            mic_note=spec.get("mic_note", ""),
            answers=tuple(spec["answers"]) if "answers" in spec else None,
            aliases=tuple(spec.get("aliases", ())),
        )
    return out


INSTRUMENTS: dict[str, Instrument] = _instruments()  # a small table, read once


def instrument_names() -> dict[str, str]:
    """Every name an instrument goes by (its id, short name and aliases, as word keys) → its id."""
    from .vocab import word_key

    return {word_key(n): i.id for i in INSTRUMENTS.values() for n in (i.id, i.short, *i.aliases)}
