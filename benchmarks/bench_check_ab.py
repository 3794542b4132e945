"""A/B of `verify check --jsonl` between source trees, on a shared VM whose speed varies.

Serves the 2,000-URL workload of ``bench_check.py`` (20 local servers, 50 ms per response),
makes the case once, then runs ``verify check --jsonl`` on a fresh copy of it with each tree
in turn (``PYTHONPATH=<tree>``), for several rounds, printing a 10^7-step calibration loop
before each round. For each tree: median and minimum wall time, median CPU time of the
command and its worker processes, and the largest peak RSS of the process tree (sampled from
/proc every 50 ms; Linux).

Usage: ``python benchmarks/bench_check_ab.py --rounds 4 TREE [TREE ...]`` where a tree is a
checkout (``git worktree add /tmp/old <commit>``) or this repository; each runs with ``-P``
(the current folder does not shadow the tree) on a case made by its own code. 127.0.0.1
only.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_check as bench  # noqa: E402


def _calibration() -> float:
    started = time.perf_counter()
    x = 0
    for i in range(10**7):
        x += i
    return time.perf_counter() - started


def _tree_rss(pid: int) -> float:
    kids = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    total = 0
    for each in [pid, *(int(k) for k in kids.split())]:
        try:
            total += int(Path(f"/proc/{each}/statm").read_text().split()[1]) * os.sysconf(
                "SC_PAGE_SIZE"
            )
        except (OSError, IndexError, ValueError):
            pass
    return total / 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("trees", nargs="+")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--n", type=int, default=2000)
    args = ap.parse_args()
    server = subprocess.Popen(
        [sys.executable, bench.__file__, "--serve", "--servers", "20", "--latency", "0.05"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    assert server.stdout is not None
    ports = json.loads(server.stdout.readline())
    tmp = Path(tempfile.mkdtemp(prefix="verify-ab-"))
    try:
        (tmp / "urls.txt").write_text("\n".join(bench._urls(ports, args.n)), encoding="utf-8")
        # Each tree's case is made by that tree's own code (an older tree cannot open a store
        # of a newer schema).
        bases: dict[str, Path] = {}
        for number, tree in enumerate(args.trees):
            script = Path(tree).resolve() / "benchmarks" / "bench_check.py"
            bases[tree] = tmp / f"case-{number}"
            subprocess.run([sys.executable, "-P", str(script if script.exists() else bench.__file__),
                            "--make-case", str(bases[tree]), str(tmp / "urls.txt")],
                           check=True)  # fmt: skip
        runs: dict[str, list[tuple[float, float, float]]] = {t: [] for t in args.trees}
        loops = []
        for number in range(args.rounds):
            loops.append(_calibration())
            for tree in args.trees:
                case = tmp / f"run-{number}"
                shutil.copytree(bases[tree], case)
                env = dict(os.environ, PYTHONPATH=str(Path(tree).resolve()))
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.monotonic()
                proc = subprocess.Popen(
                    [sys.executable, "-P", "-c", "import sys; from verify.cli import console_main; "
                     "sys.argv[0] = 'verify'; sys.exit(console_main())",
                     "--case", str(case), "check", "--jsonl"],
                    stdout=subprocess.DEVNULL, env=env,
                )  # fmt: skip
                peak = 0.0
                while proc.poll() is None:
                    peak = max(peak, _tree_rss(proc.pid))
                    time.sleep(0.05)
                wall = time.monotonic() - started
                if proc.returncode != 0:
                    raise SystemExit(f"{tree}: verify check exited {proc.returncode}")
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                runs[tree].append((wall, cpu, peak))
                shutil.rmtree(case)
        print("calibration (10^7-step loop, s):", " ".join(f"{c:.2f}" for c in loops))
        for tree, values in runs.items():
            walls = [w for w, _, _ in values]
            cpus = [c for _, c, _ in values]
            print(f"{tree:30} wall median {statistics.median(walls):.2f} min {min(walls):.2f}"
                  f"  cpu median {statistics.median(cpus):.2f}"
                  f"  peak MB {max(p for _, _, p in values):.0f}"
                  f"  walls {' '.join(f'{w:.2f}' for w in walls)}")  # fmt: skip
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
