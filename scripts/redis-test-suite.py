#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs units of Redis 7.0.15's own test suite against redis-server and tandem-server side by side.

Redis's suite (tests/ and runtest in redis/redis at tag 7.0.15, which needs tclsh) runs against
any server in external mode: ./runtest --host 127.0.0.1 --port N --single unit/<name>. A test that
raises an exception (an unsupported command, say) aborts its whole unit, which would hide every
later test. So this script reruns a unit with --skiptest for each test that raised, counting that
test as failed, until the unit runs to its end (bounded by --max-reruns). Each run gets a fresh
server process, started here on 127.0.0.1 with an ephemeral port and stopped here by PID.

The suite itself is not part of this repository: pass --tests-dir with a checkout of redis/redis
at 7.0.15 (or let the script clone it into .cache/redis-7.0.15 with git).

Example:
  mvn -B -q -DskipTests package
  python3 scripts/redis-test-suite.py --units unit/type/incr,unit/type/hash \
      --tandem-jar examples/target/tandem-server.jar --report /tmp/suite.md
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ANSI = re.compile(r"\x1b\[[0-9;]*m")
RESULT = re.compile(r"^\[(ok|err|skip|ignore|exception)\]: (.*?)(?: \(\d+ ms\))?(?: in tests/.*)?$")
RAISING_TEST = re.compile(r'"test \{(.*?)\} \{')
DEFAULT_UNITS = [
    "unit/type/incr", "unit/type/string", "unit/type/hash", "unit/type/list", "unit/type/set",
    "unit/type/zset", "unit/type/stream", "unit/type/stream-cgroups", "unit/keyspace",
    "unit/expire", "unit/bitops", "unit/bitfield", "unit/hyperloglog", "unit/geo", "unit/scan",
    "unit/sort", "unit/dump", "unit/multi", "unit/pubsub", "unit/pubsubshard", "unit/info",
    "unit/info-command", "unit/introspection", "unit/introspection-2", "unit/protocol",
    "unit/auth", "unit/acl", "unit/scripting", "unit/functions", "unit/tracking",
    "unit/latency-monitor", "unit/slowlog", "unit/querybuf", "unit/limits", "unit/quit",
    "unit/wait", "unit/other",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                if s.recv(64).startswith(b"+PONG"):
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


class Server:
    """One server process of either kind, on 127.0.0.1, owned (and stopped) by this script."""

    def __init__(self, kind, args):
        self.kind = kind
        self.args = args
        self.proc = None
        self.dir = None
        self.port = None

    def start(self):
        self.dir = tempfile.mkdtemp(prefix=f"suite-{self.kind}-")
        self.port = free_port()
        common = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                  "--dir", self.dir, "--enable-debug-command", "yes"]
        if self.kind == "redis":
            cmd = [self.args.redis_server] + common + ["--appendonly", "no"]
        else:
            cmd = [self.args.java, "-Xmx1g", "-jar", self.args.tandem_jar] + common
        log = open(os.path.join(self.dir, "server.log"), "w")
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=self.dir)
        if not wait_for_port(self.port, self.proc, 30):
            self.stop()
            raise RuntimeError(f"{self.kind} server did not start: see {self.dir}/server.log")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)


def run_unit_once(args, kind, unit, skips):
    server = Server(kind, args)
    server.start()
    try:
        cmd = ["./runtest", "--host", "127.0.0.1", "--port", str(server.port), "--single", unit,
               "--timeout", str(args.test_timeout)]
        # runtest's own coordination ports start at --baseport (21111 by default); two runs on
        # one machine with the default clash, so each run takes a random block of its own.
        cmd += ["--baseport", str(args.baseport), "--portcount", "1600"]
        for name in skips:
            cmd += ["--skiptest", name]
        try:
            out = subprocess.run(cmd, cwd=args.tests_dir, capture_output=True, text=True,
                                 timeout=args.unit_timeout, errors="replace")
            text = ANSI.sub("", out.stdout + out.stderr)
            timed_out = False
        except subprocess.TimeoutExpired as e:
            text = ANSI.sub("", (e.stdout or b"").decode("utf-8", "replace") if isinstance(e.stdout, bytes) else (e.stdout or ""))
            timed_out = True
        return text, timed_out
    finally:
        server.stop()


def run_unit(args, kind, unit):
    """Returns {test name: outcome} with outcome ok/err/exception/timeout, plus notes."""
    outcomes, skips, notes = {}, [], []
    for _ in range(args.max_reruns + 1):
        text, timed_out = run_unit_once(args, kind, unit, skips)
        raised = None
        for line in text.splitlines():
            m = RESULT.match(line.strip())
            if not m:
                continue
            status, name = m.group(1), m.group(2).strip()
            if status in ("ok", "err"):
                outcomes.setdefault(name, status)
            elif status == "exception":
                tail = text[text.find(line):]
                t = RAISING_TEST.search(tail)
                raised = t.group(1) if t else None
                first = line.split(":", 1)[1].strip()
                notes.append(f"exception in '{raised}': {first[:160]}")
        if timed_out:
            notes.append(f"unit timed out after {args.unit_timeout} s")
            break
        if raised is None:
            break
        if raised in skips:
            notes.append(f"'{raised}' raised again while skipped; giving up on the unit")
            break
        outcomes[raised] = "exception"
        skips.append(raised)
    return outcomes, notes


def ensure_tests_dir(args):
    if args.tests_dir:
        return
    cache = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".cache", "redis-7.0.15")
    if not os.path.isdir(cache):
        subprocess.run(["git", "clone", "--depth", "1", "--branch", "7.0.15",
                        "https://github.com/redis/redis.git", cache], check=True)
    args.tests_dir = cache


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tests-dir", help="checkout of redis/redis at 7.0.15 (has runtest and tests/)")
    p.add_argument("--units", help="comma-separated units; default: the command-semantics units")
    p.add_argument("--tandem-jar", default="examples/target/tandem-server.jar")
    p.add_argument("--redis-server", default=shutil.which("redis-server") or "redis-server")
    p.add_argument("--java", default=shutil.which("java") or "java")
    p.add_argument("--max-reruns", type=int, default=40)
    p.add_argument("--test-timeout", type=int, default=60, help="runtest's per-test timeout (s)")
    p.add_argument("--unit-timeout", type=int, default=600, help="wall-clock bound of one run (s)")
    p.add_argument("--report", help="write a Markdown report here")
    p.add_argument("--baseport", type=int, default=None,
                   help="first of 1,600 ports runtest may use for itself; default: a random block")
    args = p.parse_args()
    if args.baseport is None:
        import random
        args.baseport = random.randrange(22000, 58000, 2000)
    args.tandem_jar = os.path.abspath(args.tandem_jar)
    ensure_tests_dir(args)
    units = args.units.split(",") if args.units else DEFAULT_UNITS

    rows, details = [], []
    for unit in units:
        redis, redis_notes = run_unit(args, "redis", unit)
        tandem, tandem_notes = run_unit(args, "tandem", unit)
        passed_on_redis = {n for n, o in redis.items() if o == "ok"}
        passed_on_both = {n for n in passed_on_redis if tandem.get(n) == "ok"}
        failing = sorted(n for n in passed_on_redis if tandem.get(n) != "ok")
        rows.append((unit, len(passed_on_redis), len(passed_on_both)))
        print(f"{unit}: redis passes {len(passed_on_redis)}, tandem passes {len(passed_on_both)} of them",
              flush=True)
        details.append((unit, failing, tandem, redis_notes, tandem_notes))

    lines = ["| unit | passed by redis-server 7.0.15 | of those, passed by Tandem | share |",
             "|---|---:|---:|---:|"]
    total_r = total_t = 0
    for unit, r, t in rows:
        total_r += r
        total_t += t
        share = f"{100.0 * t / r:.0f}%" if r else "n/a"
        lines.append(f"| {unit} | {r} | {t} | {share} |")
    share = f"{100.0 * total_t / total_r:.0f}%" if total_r else "n/a"
    lines.append(f"| **total** | {total_r} | {total_t} | {share} |")
    lines.append("")
    for unit, failing, tandem, rn, tn in details:
        if not failing and not tn:
            continue
        lines.append(f"### {unit}")
        for n in failing:
            lines.append(f"- {tandem.get(n, 'not reached')}: {n}")
        for note in tn:
            lines.append(f"- note (tandem): {note}")
        for note in rn:
            lines.append(f"- note (redis): {note}")
        lines.append("")
    report = "\n".join(lines)
    print(report)
    if args.report:
        with open(args.report, "w") as f:
            f.write(report + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
