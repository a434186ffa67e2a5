"""Timing pages over HTTP (standard library only: the orchestrator runs it for every
scale at once, each scale's server answering in turn).

Requests are sequential and interleaved: round after round, every page of every scale
(the floors included) gets one request, so a disturbance of the machine falls on all of
them alike and the ratios and the growth between scales stay comparable.
"""

import http.client
import statistics
import time
from dataclasses import dataclass, field

QUERY_HEADER = "X-Bench-Queries"


@dataclass
class Target:
    scale: float
    port: int
    key: str
    title: str
    path: str
    cookie: str | None
    token: str | None = None  # an API client's Bearer token: the page is JSON
    samples: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    bytes: int = 0
    error: str = ""
    spent: float = 0.0

    def summary(self) -> dict:
        data = {"key": self.key, "title": self.title, "path": self.path, "error": self.error}
        data |= {"bytes": self.bytes, "spent": round(self.spent, 1)}
        if self.samples:
            data |= {
                "n": len(self.samples),
                "p50_ms": round(statistics.median(self.samples) * 1000, 2),
                "p95_ms": round(percentile(self.samples, 95) * 1000, 2),
                "queries": max(self.queries) if self.queries else None,
                "queries_min": min(self.queries) if self.queries else None,
            }
        return data


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def fetch(
    port: int, path: str, cookie: str | None, token: str | None = None
) -> tuple[int, float, int | None, int, str]:
    """GET one page: (status, seconds to its last byte, queries, bytes, redirect)."""
    headers = {"Accept": "text/html", "Accept-Encoding": "identity"}
    if cookie:
        headers["Cookie"] = f"sessionid={cookie}"
    if token:
        headers |= {"Accept": "application/json", "Authorization": f"Bearer {token}"}
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request("GET", path, headers=headers)
        answer = connection.getresponse()
        body = answer.read()
        seconds = time.perf_counter() - started
        queries = answer.getheader(QUERY_HEADER)
        location = answer.getheader("Location") or ""
        return answer.status, seconds, int(queries) if queries else None, len(body), location
    finally:
        connection.close()


def measure(targets: list[Target], *, requests: int, warmup: int, budget: float) -> None:
    """Warm every page up, then time `requests` rounds. A page stops once it has spent
    `budget` seconds and holds at least 10 samples."""
    for target in targets:
        for _ in range(warmup):
            status, seconds, _q, size, location = fetch(
                target.port, target.path, target.cookie, target.token
            )
            target.spent += seconds
            if status != 200:
                target.error = f"HTTP {status}" + (f" -> {location}" if location else "")
                break
            target.bytes = size
    for _round in range(requests):
        for target in targets:
            if target.error or (target.spent > budget and len(target.samples) >= 10):
                continue
            status, seconds, queries, _size, _location = fetch(
                target.port, target.path, target.cookie, target.token
            )
            target.spent += seconds
            if status != 200:
                target.error = f"HTTP {status}"
                continue
            target.samples.append(seconds)
            if queries is not None:
                target.queries.append(queries)
