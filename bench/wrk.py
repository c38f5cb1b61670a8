"""Drive a server with wrk on loopback for a bounded time and read its summary."""
import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("wrk.lua")
USER_AGENT = "layanan-bench/1.0"  # the same for the login client and wrk (session protection)


@dataclass
class Load:
    """Throughput and latency of one wrk run."""

    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    failed: int  # non-2xx/3xx answers plus socket errors

    @property
    def rps(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def valid(self) -> bool:
        """A run where more than 1 % of the answers failed measures the wrong thing."""
        return self.requests > 0 and self.failed <= self.requests * 0.01


def run(base_url: str, paths: list[str], seconds: int = 10, connections: int = 16,
        headers: dict | None = None) -> Load:
    """Run wrk (1 thread, so the client takes as little CPU as possible) over `paths`."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths))
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
               "-s", str(SCRIPT), "-H", f"User-Agent: {USER_AGENT}"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(base_url + paths[0])
    env = {**os.environ, "BENCH_PATHS": listing.name}
    try:
        out = subprocess.run(command, capture_output=True, text=True, env=env,
                             timeout=seconds + 30, check=True).stdout
    finally:
        os.unlink(listing.name)
    line = next(l for l in out.splitlines() if l.startswith("BENCH_JSON "))
    data = json.loads(line.split(" ", 1)[1])
    return Load(data["requests"], data["duration_us"] / 1e6, data["p50_us"] / 1000,
                data["p90_us"] / 1000, data["p99_us"] / 1000,
                data["non_2xx_3xx"] + data["socket_errors"])
