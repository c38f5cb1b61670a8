"""bench/RESULTS.md: machine facts, load times and the table of measures."""
from datetime import datetime, timezone
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
VERDICT = {True: "met", False: "**missed**", None: "—"}
MISSED_NOTE = ("Each missed target's cause, with the measurement behind it, is in "
               "`bench/README.md`, \"Targets missed on this machine, and why\".")


def _load_rows(loads: dict) -> list[str]:
    lines = ["| data set | applications | history rows | documents | COPY | indexes + FKs |"
             " analyse | total | database size |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, (report, size) in loads.items():
        lines.append(f"| {name} | {report.applications:,} | {report.history:,} | "
                     f"{report.documents:,} | {report.generate_and_copy:.0f} s | "
                     f"{report.rebuild_indexes:.0f} s | {report.analyze:.0f} s | "
                     f"**{report.total:.0f} s** | {size} |")
    return lines


def _measure_rows(measures: list) -> list[str]:
    lines = ["| measure | result | target | verdict | measured |", "|---|---|---|---|---|"]
    for m in measures:
        lines.append(f"| {m.what} | {m.value} | {m.target} | {VERDICT[m.met]} | {m.note} |")
    return lines


def write(facts: dict, loads: dict, ceiling_note: str, measures: list, plans: dict,
          notes: list[str], elapsed: float) -> Path:
    """Write the results file and return its path."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"# Bench results ({now})", "",
             "Written by `make bench` (see `bench/README.md`); every ratio is against the "
             "hello-world Flask app measured in the same run, on the same machine, under the "
             "same gunicorn settings (2 sync workers), driven by wrk on loopback at 16 "
             "connections.", "", "## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in facts.items()]
    lines += ["", "## Loading", ""] + _load_rows(loads)
    lines += ["", f"Ceiling (hello world): {ceiling_note}.", "", "## Measures", ""]
    lines += _measure_rows(measures)
    if any(measure.met is False for measure in measures):
        lines += ["", MISSED_NOTE]
    lines += ["", "## The Data Baru query on PostgreSQL", ""]
    for name, plan in plans.items():
        lines += [f"{name}: {plan['rows']} rows in the queue, p50 {plan['p50_ms']:.2f} ms "
                  f"(query + count, 300 runs)", "", "```", plan["plan"], "```", ""]
    lines += ["## Notes", ""] + [f"- {note}" for note in notes]
    lines += ["", f"Whole run: {elapsed / 60:.1f} minutes.", ""]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    return RESULTS
