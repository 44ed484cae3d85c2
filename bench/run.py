"""`make bench [SCALE=small]`: make the data, run every benchmark, print a table.

The benchmarks use their own database (DATABASE_URL, by default fanxiang_bench), made anew on
every run; with REUSE=1 the data made by an earlier run that stopped after making it
(`make bench ONLY=data`) is used as it is. Results go to bench/results/<name>.json; nothing
here passes or fails.
"""

import json
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def main(scale: str, only: list[str]) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from bench import core, data
    from bench.common import size

    wanted = set(only) or {"eligibility", "queue", "cold", "search", "sweep", "load", "intake"}
    started = time.perf_counter()
    counts = data.made(size("programmes", scale), size("applications", scale))
    if counts and os.environ.get("BENCH_REUSE") == "1":
        print(f"Scale {scale}: using the data made before: {counts}", flush=True)
        if counts.pop("used", False) and wanted & {"sweep", "intake"}:
            print("  The sweep and intake need the data as made: not run on used data.")
            wanted -= {"sweep", "intake"}
        if counts.pop("swept", False) and "sweep" in wanted:
            print("  Removing the reminders of the last sweep.")
            data.unsweep()
    else:
        print(f"Scale {scale}: migrating and making data", flush=True)
        call_command("migrate", verbosity=0)
        data.seed_base()
        data.make_programmes(size("programmes", scale))
        counts = data.make_applications(size("applications", scale))
        print(f"  data ready in {time.perf_counter() - started:.0f} s: {counts}", flush=True)

    results = {}
    if "eligibility" in wanted:
        results["eligibility"] = core.eligibility(scale)
    if "queue" in wanted:
        results["queue"] = core.queue(scale, counts)
    if "cold" in wanted:
        results["cold"] = core.cold_pages(scale)
    if "search" in wanted:
        results["search"] = core.search(scale)
    if "load" in wanted:
        from bench import load

        results["load"] = load.run(scale)
    if "intake" in wanted:
        from bench import intake

        results["intake"] = intake.run(scale)
    if "sweep" in wanted:  # last: it writes reminders for every application
        results["sweep"] = core.sweep(scale, counts)
    for name, figures in results.items():
        print(f"\n== {name} ==")
        print(json.dumps(_without_plans(figures), indent=1, ensure_ascii=False)[:3000])
    print(f"\nDone in {time.perf_counter() - started:.0f} s; results in bench/results/")


def _without_plans(figures):
    if isinstance(figures, dict):
        return {key: _without_plans(value) for key, value in figures.items() if key != "plan"}
    return figures


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main(arguments[0] if arguments else "full", arguments[1:])
