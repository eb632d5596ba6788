"""The ``kneecare`` command: validate files, print or export the weekly summary, write the HTML report, write
the sample data, plan a randomised start, open the walkthrough or the dashboard as an app, open the notebooks.

    kneecare validate data/personal/routine_log.csv
    kneecare summary data/sample/runner
    kneecare report data/sample/squad --out squad.html
    kneecare walkthrough --lan
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

EXAMPLES = {
    "validate": """examples:
  kneecare validate data/personal/routine_log.csv data/personal/pain_log.csv
  kneecare validate data/personal            # every log in the folder
  kneecare validate checklist.csv --dayfirst # dates like 03/04/2026 are 3 April""",
    "summary": """examples:
  kneecare summary data/sample/runner
  kneecare summary data/sample/squad --athlete Ana
  kneecare summary data/sample/squad --csv > weeks.csv""",
    "report": """examples:
  kneecare report data/sample/squad --out squad.html
  kneecare report data/sample/squad --pdf squad.pdf          # an A4 page per athlete, for the physio
  kneecare report data/sample/squad --athlete Ana --out ana.html""",
    "export": """examples:
  kneecare export data/sample/squad --out weeks.csv
  kneecare export data/personal --athlete me --out my-weeks.csv""",
    "demo": """examples:
  kneecare demo --out /tmp/kneecare-sample""",
    "walkthrough": """examples:
  kneecare walkthrough                       # your folder: KNEECARE_DATA, else data/personal/
  kneecare walkthrough ~/knee --athlete Ana  # in a squad's folder, under your own name
  kneecare walkthrough --lan                 # open it on your phone: scan the QR code it prints""",
    "dashboard": """examples:
  kneecare dashboard data/sample/squad
  kneecare dashboard ~/squad --lan           # on a tablet on the same network""",
    "plan": """examples:
  kneecare plan data/personal                 # you: a baseline of morning scores, then a start drawn at random
  kneecare plan ~/squad --squad               # a coach: every athlete of the squad, each drawn on their own
  kneecare plan ~/squad --athlete Ana --athlete Ben --days 14 28""",
    "lab": """examples:
  kneecare lab
  kneecare lab --port 8890""",
}
EXIT_CODES = """exit codes:
  0  done; rows that did not load are listed on standard error and left out of the rest
  1  nothing to summarise (no logs in the folder, no weeks), a problem found by validate, or any problem with
     --strict
  2  the command was used wrongly (an unknown option, a missing argument)"""


LOADING = ("validate", "summary", "report", "export")  # the commands that read a data folder


def _strict(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--strict",
        action="store_true",
        help="stop at any row or file that does not load, listing every problem (exit 1), instead of leaving it "
        "out and going on with the rest",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kneecare",
        description="Knee-care routine logs and pain scores: check them, summarise them, report on them.",
        epilog="Run 'kneecare COMMAND --help' for a command's options and examples.\n\n" + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=EXAMPLES[name] + ("\n\n" + EXIT_CODES if name in LOADING else ""),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    def dates(p: argparse.ArgumentParser) -> None:
        group = p.add_mutually_exclusive_group()
        group.add_argument(
            "--dayfirst",
            dest="dayfirst",
            action="store_const",
            const=True,
            default=None,
            help="numeric dates are day/month/year",
        )
        group.add_argument(
            "--monthfirst", dest="dayfirst", action="store_const", const=False, help="numeric dates are month/day/year"
        )

    p = command("validate", "Check logs and list every problem as file:line:column, exit 1 if there is any.")
    p.add_argument("paths", nargs="+", metavar="FILE", help="routine, pain or running logs, or data folders")
    dates(p)
    p = command("summary", "Print the weekly summary of a data folder.")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--athlete", help="only this athlete")
    p.add_argument("--csv", action="store_true", help="every column, as CSV on standard output")
    dates(p)
    _strict(p)
    p = command(
        "report",
        "Write a self-contained HTML report (charts inside, nothing fetched from outside) and/or a PDF with one A4 "
        "page per athlete.",
    )
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--out", metavar="FILE.html", help="the HTML report")
    p.add_argument("--pdf", metavar="FILE.pdf", help="the PDF: an overview page for a squad, then a page per athlete")
    p.add_argument("--athlete", help="only this athlete")
    dates(p)
    _strict(p)
    p = command("export", "Write the weekly summary as CSV for a spreadsheet (formula-like text made inert).")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--out", required=True, metavar="FILE.csv")
    p.add_argument("--athlete", help="only this athlete")
    dates(p)
    _strict(p)
    p = command("demo", "Write the sample data (a runner, a squad, a checklist spreadsheet).")
    p.add_argument("--out", required=True, metavar="DIR")
    for name, help_text in (
        ("walkthrough", "The guided routine as an app for a phone: one drill a screen, saved into DIR."),
        ("dashboard", "The coach review as an app: the squad overview, an athlete at a time, the PDF buttons."),
    ):
        p = command(name, help_text + " Served on this machine only (127.0.0.1) with a fresh token.")
        p.add_argument(
            "folder",
            metavar="DIR",
            nargs="?",
            help="the data folder (default: as the notebooks)"
            if name == "walkthrough"
            else "the squad's folder (default: the made-up sample squad, whatever KNEECARE_DATA says)",
        )
        p.add_argument(
            "--lan",
            action="store_true",
            help="serve on this machine's address in the local network, for a phone on the same Wi-Fi; prints "
            "the address with its token and a QR code",
        )
        p.add_argument(
            "--address",
            help="with --lan: which of this machine's addresses to serve on (default: the default route's; the "
            "others are listed when it starts)",
        )
        p.add_argument(
            "--port", type=int, help=f"the port to serve on (default {'8866' if name == 'walkthrough' else '8867'})"
        )
        if name == "walkthrough":
            p.add_argument("--athlete", help="your name, in a squad's folder (default: me)")
        else:
            p.add_argument(
                "--pdfs",
                metavar="DIR",
                help="also save a copy of each PDF the buttons make into DIR (the browser downloads it either way; "
                "by default no copy is saved)",
            )
    p = command(
        "plan",
        "Plan a baseline of daily morning scores and draw each athlete's start of the routine at random, stored in "
        "DIR/design.toml; each start stays hidden until it comes.",
    )
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--athlete", action="append", help="an athlete to plan for (repeat it; default: me)")
    p.add_argument("--squad", action="store_true", help="every athlete with logs in DIR")
    p.add_argument(
        "--days",
        type=int,
        nargs=2,
        metavar=("FIRST", "LAST"),
        default=[14, 21],
        help="the admissible window: the routine starts between day FIRST and day LAST (default 14 21)",
    )
    p.add_argument("--seed", type=int, help="the seed of the draw (default: a fresh one; recorded either way)")
    p = command("lab", "Open the notebooks in JupyterLab.")
    p.add_argument("--port", type=int, help="the port to serve on")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from .errors import LogFormatError

    try:
        return {
            "validate": _validate,
            "summary": _summary,
            "report": _report,
            "export": _export,
            "demo": _demo,
            "walkthrough": _app,
            "dashboard": _app,
            "lab": _lab,
            "plan": _plan,
        }[args.command](args)
    except NothingToShow as exc:
        print(f"kneecare {args.command}: {exc}", file=sys.stderr)
        return 1
    except LogFormatError as exc:
        print(exc, file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError) as exc:
        print(f"kneecare {args.command}: {exc}", file=sys.stderr)
        return 1


class NothingToShow(Exception):
    """A command had nothing to summarise: what it says, and exit 1."""


def _load(args):
    """The folder with every row and file that loads; what did not is listed on stderr in words a runner
    understands (file, line, what is wrong, the fix), so one broken export never stops a summary, a report or an
    export of the rest. ``--strict`` stops instead, listing every problem."""
    from .dataset import load_dataset
    from .loaders import progress
    from .paths import holds_logs
    from .render import problem_lines

    folder = Path(args.folder).expanduser()
    if folder.is_dir() and not holds_logs(folder):
        raise NothingToShow(
            f"nothing to summarise: {args.folder} holds no logs yet. Save a session with the walkthrough "
            "(kneecare walkthrough), or put your routine log, pain diary or running export there."
        )
    strict = getattr(args, "strict", False)
    with progress():
        ds = load_dataset(folder, dayfirst=args.dayfirst, errors="raise" if strict else "report")
    if len(ds.problems):
        lines = problem_lines(ds.problems, folder=folder)
        rows = int(ds.problems["line"].notna().sum())
        head = f"kneecare {args.command}: {rows} row{'s' * (rows != 1)} did not load and {'is' if rows == 1 else 'are'}"
        head += " left out (kneecare validate lists them; --strict stops instead):"
        print(head, file=sys.stderr)
        for line in lines:
            print(f"  {line}", file=sys.stderr)
    if getattr(args, "athlete", None):
        ds = ds.for_athlete(args.athlete)
    if not (ds.holds("routine") or ds.holds("pain") or ds.holds("runs")):
        raise NothingToShow(f"nothing to summarise: no routine log, pain score or run in {args.folder} loaded")
    return ds


def _next_steps(ds) -> None:
    """What adding the missing pieces would show, on stderr (standard output stays the data)."""
    for line in ds.next_steps():
        print(f"note: {line}", file=sys.stderr)


def _validate(args) -> int:
    from .loaders import progress, validate

    total = 0
    for raw in args.paths:
        with progress():
            checked = validate(Path(raw), dayfirst=args.dayfirst)
        problems = checked.problems
        if not len(problems):
            skipped = len(checked.skipped)
            aside = f", {skipped} set aside (not drills, not runs, blank lines)" if skipped else ""
            print(f"{raw}: {checked.rows} rows read{aside}, no problems")
        if Path(raw).is_dir():
            print(f"{raw}: {_kinds(checked)}")
        for r in checked.doubtful.itertuples():
            print(f"{r.file}:{r.line}:{r.column}: {r.value!r} note: {r.reason}")
        for r in problems.itertuples():
            where = r.file if _blank(r.line) else f"{r.file}:{int(r.line)}"
            where += "" if _blank(r.column) else f":{r.column}"
            value = "" if r.value is None or _blank(r.value) else f" {r.value!r}"
            if _blank(r.line) and _blank(r.column) and not value:  # the whole file: its reason says it all
                print(f"{where}: {r.reason}")
            else:
                print(f"{where}:{value} expected {r.reason}")
        total += len(problems)
    if total:
        print(f"{total} problem{'s' if total != 1 else ''} found", file=sys.stderr)
    return 1 if total else 0


KIND_WORDS = {"routine": "routine rows", "pain": "pain scores", "runs": "runs", "questionnaires": "answers"}


def _kinds(checked) -> str:
    """What a folder's good rows hold, kind by kind, and what adding the missing kinds would show."""
    from .dataset import NEXT_STEPS

    counts = {k: len(checked.frames[k]) if checked.holds(k) else 0 for k in KIND_WORDS}
    text = ", ".join(f"{n} {KIND_WORDS[k]}" for k, n in counts.items() if n or k != "questionnaires")
    missing = [NEXT_STEPS[k] for k in NEXT_STEPS if not counts[k]]
    return text + "".join(f"\n  {line}" for line in missing)


def _blank(value) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)


def _summary(args) -> int:
    from .render import summary_view, text_table
    from .safety import neutralise_frame

    ds = _load(args)
    summary = ds.weekly_summary()
    if summary.empty:
        raise NothingToShow(f"nothing to summarise: no week with a log in {args.folder}")
    if args.csv:
        neutralise_frame(summary).to_csv(sys.stdout, index=False, date_format="%Y-%m-%d", float_format="%.6g")
    else:
        print(text_table(summary_view(summary)))
    _next_steps(ds)
    return 0


def _report(args) -> int:
    from .report import write_report

    if not args.out and not args.pdf:
        print("kneecare report: give --out FILE.html, --pdf FILE.pdf or both", file=sys.stderr)
        return 2
    ds = _load(args)  # a folder with nothing at all in it stops here (exit 1); any of the three logs makes a report
    written = []
    if args.out:
        written.append(write_report(ds, args.out))
    if args.pdf:
        from .pdf import write_pdf

        written.append(write_pdf(ds, args.pdf))
    for path in written:
        print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")
    _next_steps(ds)
    return 0


def _export(args) -> int:
    from .safety import neutralise_frame

    ds = _load(args)
    summary = ds.weekly_summary()
    if summary.empty:
        raise NothingToShow(f"nothing to export: no week with a log in {args.folder}; nothing was written")
    out = Path(args.out)
    neutralise_frame(summary).to_csv(
        out, index=False, date_format="%Y-%m-%d", float_format="%.6g", encoding="utf-8-sig"
    )
    print(f"wrote {out} ({len(summary)} week{'s' * (len(summary) != 1)})")
    _next_steps(ds)
    return 0


def _demo(args) -> int:
    from .demo import write_sample

    for path in write_sample(args.out):
        print(path)
    return 0


def _plan(args) -> int:
    from .design import plan_design

    athletes = list(args.athlete or [])
    if args.squad:
        athletes += _load(argparse.Namespace(folder=args.folder, dayfirst=None, command="plan")).athletes
    plan = plan_design(args.folder, sorted(set(athletes)) or "me", baseline_days=tuple(args.days), seed=args.seed)
    for r in plan.itertuples():
        print(
            f"{r.athlete}: score knee pain each morning from {r.planned_on:%a %d %b}; the routine starts on a day "
            f"drawn at random between {r.admissible_from:%a %d %b} and {r.admissible_to:%a %d %b}"
        )
    print(f"Stored in {Path(args.folder) / 'design.toml'}. The walkthrough tells each athlete the day when it comes.")
    return 0


def _app(args) -> int:
    from . import apps, paths

    if args.folder is not None:
        folder = Path(args.folder).expanduser()
    elif args.command == "walkthrough":
        folder = paths.data_dir()
    else:
        folder = paths.SAMPLE_DIR / "squad"  # the coach's squad is named, never a runner's KNEECARE_DATA
    if args.command == "dashboard" and not folder.is_dir():
        print(f"kneecare dashboard: {folder} is not a folder", file=sys.stderr)
        return 1
    given = getattr(args, "pdfs", None)
    pdfs = Path(given).expanduser().resolve() if given else None
    athlete = getattr(args, "athlete", None)
    return apps.serve(
        args.command, folder, lan=args.lan, port=args.port, athlete=athlete, pdf_folder=pdfs, address=args.address
    )


def _lab(args) -> int:
    from . import lab

    if not lab.originals():
        print("the notebooks come with the kit's source folder: run 'make lab' there", file=sys.stderr)
        return 1
    lab.working_copies()
    return subprocess.call(lab.command(extra=[f"--port={args.port}"] if args.port else []))


if __name__ == "__main__":
    sys.exit(main())
