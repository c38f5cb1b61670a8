"""Processes the bench starts and always stops: gunicorn servers, RQ workers, an SMTP sink."""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_SETTINGS = ["--worker-class", "sync", "--backlog", "2048",
                     "--log-level", "warning", "--timeout", "30"]
PORTAL_APP = "portal:create_app({'RATELIMIT_ENABLED': False})"
HELLO_APP = "bench.hello:create_app()"


def free_port() -> int:
    """A TCP port on loopback nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not come up")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(app_spec: str, env: dict, probe_path: str = "/", workers: int = 2):
    """Serve `app_spec` with the bench's gunicorn settings; yields (base url, master pid)."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), *GUNICORN_SETTINGS,
               "--bind", f"127.0.0.1:{port}", app_spec]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        _wait_until_up(f"http://127.0.0.1:{port}{probe_path}", process)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        _stop(process)


@contextmanager
def rq_workers(count: int, queues: list[str], env: dict):
    """`python -m jobs.worker QUEUES`, `count` times; stopped (warm shutdown) on exit."""
    processes = [subprocess.Popen([sys.executable, "-m", "jobs.worker", *queues], cwd=ROOT,
                                  env=env, stdout=subprocess.DEVNULL) for _ in range(count)]
    try:
        time.sleep(3)  # let each build the app and register with Redis
        yield processes
    finally:
        for process in processes:
            _stop(process)


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory (MB) of each gunicorn worker of a master process."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def machine_facts() -> dict:
    """What the numbers were measured on."""
    import platform

    import psycopg

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    with psycopg.connect(os.environ.get("BENCH_PG_ADMIN_DSN",
                                        "host=127.0.0.1 port=5432 user=postgres dbname=postgres")) as c:
        pg = c.execute("SHOW server_version").fetchone()[0]
        buffers = c.execute("SHOW shared_buffers").fetchone()[0]
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split()[1]
    return {"CPU": cpu, "cores": os.cpu_count(), "memory": f"{memory_kb / 1024 / 1024:.1f} GiB",
            "kernel": platform.release(), "Python": platform.python_version(),
            "PostgreSQL": f"{pg} (shared_buffers {buffers}, same machine)", "wrk": wrk}
