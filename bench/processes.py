"""The processes a benchmark started, read from /proc: CPU time, worker memory, stopping."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path


def _parents() -> dict[int, int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            continue
    return parents


def _kib(pid: int, file: str, key: str) -> int:
    for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def _is_gunicorn(pid: int) -> bool:
    try:
        return b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _descendants(pid: int, parents: dict[int, int]) -> set[int]:
    below, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in below} - below
        below |= more
        grew = bool(more)
    return below


def tree_cpu(pid: int) -> float:
    """CPU seconds used so far by a process, its live descendants and the children they
    have waited for (make's finished dgr commands)."""
    ticks = 0
    for member in _descendants(pid, _parents()):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += sum(int(field) for field in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def worker_memory(make_pid: int) -> tuple[int, int]:
    """(largest worker RSS, largest worker private memory) in MiB. The workers are the
    gunicorn processes below make whose parent is gunicorn's master."""
    parents = _parents()
    workers = [
        pid
        for pid in _descendants(make_pid, parents)
        if _is_gunicorn(pid) and _is_gunicorn(parents[pid])
    ]
    if not workers:
        raise RuntimeError("no gunicorn workers found")
    rss = max(_kib(pid, "status", "VmRSS") for pid in workers)
    private = max(
        _kib(pid, "smaps_rollup", "Private_Clean") + _kib(pid, "smaps_rollup", "Private_Dirty")
        for pid in workers
    )
    return rss // 1024, private // 1024


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
