"""What every benchmark shares: sizes by scale, the machine, the commit, writing results.

Benchmarks measure; they never pass or fail. Each writes bench/results/<name>.json.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SEED = 20261123

# name: (small, full)
SIZES = {
    "programmes": (1_000, 10_000),
    "applications": (20_000, 1_000_000),
    "profiles": (10_000, 100_000),
    "submissions": (500, 5_000),
    "load_seconds": (5, 30),
}


def size(name: str, scale: str) -> int:
    small, full = SIZES[name]
    return small if scale == "small" else full


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        # What else ran: the figures of a busy machine are lower than those of a quiet one.
        "load_average_1_5_15_min": [round(value, 2) for value in os.getloadavg()],
        "cores": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write(name: str, *, scale: str, sizes: dict, figures: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    body = {
        "benchmark": name,
        "scale": scale,
        "commit": commit(),
        "machine": machine(),
        "sizes": sizes,
        "figures": figures,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
    return path


@contextmanager
def timer():
    started = time.perf_counter()
    result = {}
    yield result
    result["seconds"] = time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
