"""Load on /api/ask: `python -m search.load_test --url http://127.0.0.1:8000 --clients 8 --seconds 300`.

N clients (threads, one HTTP session each) ask staff questions in turn for a bounded time
and number of requests, then the script prints answers/s, p50/p95/p99 latency, the errors
(a status other than 200, or a transport failure) and the server's resident memory at the
start and the end (--pid, or the server --start ran). Only a server on this machine is
loaded: any host but 127.0.0.1 or localhost is refused. With --start the script serves
--store itself (`kg serve`, its default settings) on a free port and stops it at the end.

The questions cycle, as staff ask the same things again: after the first round the server's
caches of per-question work are warm, so the figures are its steady state. The server's CPU
time per answer (with --pid or --start) says what a question costs whatever else runs.
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
MAX_REQUESTS = 200_000
MAX_SECONDS = 3_600
READY_SECONDS = 600  # a server started on a store with no index yet builds it first

# What staff ask of a province's, a city's and a district's work plans and a work report:
# bodies in charge, targets, terms, counts, dates and numbers of documents, people, and
# a few the documents do not answer.
QUESTIONS = [
    "益阳市医保方面的工作由哪个部门牵头",
    "益阳推进农村供水保障，牵头的是谁",
    "益阳市残疾人康复救助这件事归哪个单位管",
    "益阳4G网络覆盖的任务由谁负责",
    "益阳市妇联牵头了哪些工作",
    "益阳市人力资源社会保障局牵头，配合的是哪个部门",
    "益阳的实施方案是哪天印发的",
    "益阳打好发展六仗实施方案的文号是多少",
    "省里养老服务谁牵头",
    "湖南省妇幼保健机构标准化建设要完成多少个",
    "全省基本养老保险参保人数目标是多少",
    "湖南省政务服务一网通办事项要达到多少项",
    "湖南省打好发展六仗总体方案是哪个机关印发的",
    "省教育厅牵头负责哪些任务",
    "省里重点民生保障仗工作专班的召集人是谁",
    "湖南的总体方案主送哪些单位",
    "衡阳商贸企业引进培育找哪个部门",
    "衡阳市消防安全专项整治由谁牵头，哪些单位配合",
    "衡阳市新增乡镇商贸中心多少个",
    "衡阳科技成果转化体系建设谁来抓",
    "衡阳市的总体实施方案是谁发的",
    "衡阳重症救治能力提升归哪个口",
    "衡阳市有几个工作专班",
    "衡阳市发改委牵头哪些事",
    "大通湖区人民医院重症救治能力怎么提升，谁负责",
    "大通湖区的实施方案什么时候发的",
    "大通湖区打好发展六仗有哪些专班",
    "大通湖区中职学校办学条件改善由谁牵头",
    "发展六仗指的是什么",
    "什么是旬简报、月通报、季总结",
    "三高四新是什么意思",
    "政府工作报告是谁作的",
    "政府工作报告提出今年地区生产总值增长多少",
    "研发经费投入占GDP比重目标是多少",
    "园区亩均税收要达到多少",
    "益阳和衡阳的农村供水谁牵头，各是哪个部门",
    "郴州市老旧小区改造谁牵头",
    "异地就医结算",
    "跨省通办由哪个部门推进",
    "新型消费怎么发展，牵头单位是谁",
]


@dataclass
class Tally:
    """What the clients saw: latencies of answers (seconds) and the errors, shared under a lock."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, problem: str = "") -> None:
        with self.lock:
            if problem:
                self.errors += 1
                self.first_error = self.first_error or problem
            else:
                self.latencies.append(seconds)


def local_url(url: str) -> str:
    """The URL without a trailing slash; ValueError unless its host is this machine."""
    host = urlsplit(url).hostname or ""
    if host not in LOCAL_HOSTS:
        raise ValueError(f"only a server on 127.0.0.1 or localhost may be loaded, not {host or url!r}")
    return url.rstrip("/")


def client(base: str, questions, deadline: float, budget, tally: Tally, timeout: float) -> None:
    """Ask questions one after another until the deadline or the shared request budget runs out."""
    with requests.Session() as session:
        while time.monotonic() < deadline and next(budget, None) is not None:
            question = next(questions)
            started = time.perf_counter()
            try:
                response = session.get(f"{base}/api/ask", params={"q": question}, timeout=timeout)
                response.content  # noqa: B018 - the whole body counts in the latency
                problem = "" if response.status_code == 200 else f"HTTP {response.status_code} for {question}"
            except requests.RequestException as error:
                problem = f"{type(error).__name__} for {question}"
            tally.record(time.perf_counter() - started, problem)


def run_load(base: str, clients: int, seconds: float, max_requests: int, timeout: float) -> tuple[Tally, float]:
    """(what the clients saw, the wall time they took)."""
    tally = Tally()
    questions = Shared(itertools.cycle(QUESTIONS))
    budget = Shared(iter(range(max_requests)))
    started = time.monotonic()
    threads = [
        threading.Thread(target=client, args=(base, questions, started + seconds, budget, tally, timeout))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.monotonic() - started


class Shared:
    """An iterator the client threads take turns on."""

    def __init__(self, iterator):
        self._iterator, self._lock = iterator, threading.Lock()

    def __iter__(self):
        return self

    def __next__(self):
        with self._lock:
            return next(self._iterator)


def rss_mb(pid: int | None) -> float | None:
    """The process's resident memory (VmRSS) in MB, or None without a pid or /proc."""
    if pid is None:
        return None
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    line = next((line for line in status.splitlines() if line.startswith("VmRSS:")), "")
    return int(line.split()[1]) / 1024 if line else None


def cpu_seconds(pid: int | None) -> float | None:
    """The process's CPU time so far (user + system), or None without a pid or /proc.

    Per answer, it says what a question costs whatever else the machine is running."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    """What the script reads of the server's process: memory and CPU time at the start and the end."""

    pid: int | None
    rss: list[float | None] = field(default_factory=list)
    cpu: list[float | None] = field(default_factory=list)

    def sample(self) -> None:
        self.rss.append(rss_mb(self.pid))
        self.cpu.append(cpu_seconds(self.pid))

    def cpu_ms_per(self, answers: int) -> str:
        start, end = self.cpu[0], self.cpu[-1]
        return f"{(end - start) * 1000 / answers:.1f}" if None not in (start, end) and answers else "n/a"


def report(tally: Tally, wall: float, clients: int, server: Server) -> str:
    """The figures, one per line, `name value` so that a test or a person can read them."""
    times = sorted(seconds * 1000 for seconds in tally.latencies)
    cuts = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99 or [0.0] * 99
    start, end = (f"{m:.0f}" if m is not None else "n/a" for m in (server.rss[0], server.rss[-1]))
    lines = [
        f"clients {clients}",
        f"seconds {wall:.1f}",
        f"requests {len(times) + tally.errors}",
        f"answers/s {len(times) / wall:.1f}" if wall else "answers/s 0.0",
        f"p50_ms {cuts[49]:.1f}",
        f"p95_ms {cuts[94]:.1f}",
        f"p99_ms {cuts[98]:.1f}",
        f"errors {tally.errors}",
        f"rss_start_mb {start}",
        f"rss_end_mb {end}",
        f"server_cpu_ms_per_answer {server.cpu_ms_per(len(times))}",
    ]
    if tally.first_error:
        lines.append(f"first_error {tally.first_error}")
    return "\n".join(lines)


# ---------------------------------------------------------------- a server of our own (--start)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(store: str, extra: list[str]) -> tuple[subprocess.Popen, str]:
    """`kg serve` on --store and a free port, once it answers a question. Its log (a warning per
    queued request under load) goes to a temporary file, shown only when it does not start."""
    port = free_port()
    command = [sys.executable, "-m", "kg.cli", "serve", "--store", store, "--port", str(port), *extra]
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        if wait_ready(server, base):
            return server, base
        stop_server(server)
        log.seek(0)
        tail = log.read().decode("utf-8", "replace")[-2000:]
    raise RuntimeError(f"kg serve on {store} did not answer (exit code {server.returncode}):\n{tail}")


def wait_ready(server: subprocess.Popen, base: str) -> bool:
    """Whether the server answered a question before it stopped or READY_SECONDS passed."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if requests.get(f"{base}/api/ask", params={"q": QUESTIONS[0]}, timeout=30).status_code == 200:
                return True
        except requests.RequestException:
            time.sleep(0.5)
    return False


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="A server on this machine.")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0, help=f"At most {MAX_SECONDS}.")
    parser.add_argument("--max-requests", type=int, default=MAX_REQUESTS, help=f"At most {MAX_REQUESTS}.")
    parser.add_argument("--timeout", type=float, default=30.0, help="Seconds one request may take.")
    parser.add_argument("--pid", type=int, help="The server's process id, to read its memory.")
    parser.add_argument("--start", action="store_true", help="Serve --store on a free port for the run.")
    parser.add_argument("--store", help="With --start: the store to serve (as kg serve --store).")
    parser.add_argument("--serve-option", action="append", default=[], metavar="OPTION",
                        help="With --start: passed to kg serve, e.g. --serve-option=--threads=8.")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 64 or not 0 < args.seconds <= MAX_SECONDS or not 0 < args.max_requests <= MAX_REQUESTS:
        parser.error(f"choose 1-64 clients, at most {MAX_SECONDS} s and at most {MAX_REQUESTS} requests")
    if args.start and not args.store:
        parser.error("--start needs --store")
    if not args.start:
        try:
            args.url = local_url(args.url)
        except ValueError as error:
            parser.error(str(error))
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    server = None
    if args.start:
        server, args.url = start_server(args.store, args.serve_option)
        args.pid = server.pid
    try:
        watched = Server(args.pid)
        watched.sample()
        tally, wall = run_load(args.url, args.clients, args.seconds, args.max_requests, args.timeout)
        watched.sample()
        print(report(tally, wall, args.clients, watched), flush=True)
    finally:
        if server is not None:
            stop_server(server)


if __name__ == "__main__":
    main()
