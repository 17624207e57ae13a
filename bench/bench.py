"""PostGuard benchmark (not a test): check latency, batch throughput, training time, artifact
size and service memory. Prints a table and writes bench/results/bench.json.

    .venv/bin/python bench/bench.py [--skip-training]

Latency is measured in-process on one thread (BLAS and OpenMP limited to one) with the shipped
model and the repository's postguard.toml; drafts are built from the test split.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.checker import build_checker  # noqa: E402
from service.config import load_settings  # noqa: E402
from service.findings import Draft  # noqa: E402


def drafts_of_length(texts: list[str], length: int, count: int) -> list[str]:
    """Drafts of exactly `length` characters, each a different run through the test texts."""
    out, i = [], 0
    while len(out) < count:
        piece = ""
        while len(piece) < length:
            piece += texts[i % len(texts)] + " "
            i += 1
        out.append(piece[:length])
    return out


def percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return samples[len(samples) // 2], samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def latency(checker, drafts: list[str]) -> dict:
    for text in drafts[:50]:
        checker.check(Draft(text))
    times = []
    for text in drafts:
        t0 = time.perf_counter()
        checker.check(Draft(text))
        times.append((time.perf_counter() - t0) * 1000)
    p50, p99 = percentiles(times)
    return {"p50_ms": round(p50, 3), "p99_ms": round(p99, 3), "n": len(times)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def service_figures(texts: list[str]) -> dict:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "service", "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/health", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        times = []
        for text in texts:
            request = urllib.request.Request(
                url + "/v1/check",
                data=json.dumps({"text": text}).encode(),
                headers={"Content-Type": "application/json"},
            )
            t0 = time.perf_counter()
            urllib.request.urlopen(request, timeout=5).read()
            times.append((time.perf_counter() - t0) * 1000)
        rss_kb = next(
            int(line.split()[1])
            for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines()
            if line.startswith("VmRSS")
        )
        p50, p99 = percentiles(times[20:])
        return {
            "http_280_p50_ms": round(p50, 3),
            "http_280_p99_ms": round(p99, 3),
            "rss_mb": round(rss_kb / 1024, 1),
        }
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def training_seconds() -> float:
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "service", "train", "--out", out],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return round(time.perf_counter() - t0, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-training", action="store_true")
    args = parser.parse_args()
    os.chdir(ROOT)
    settings = load_settings(ROOT / "postguard.toml")
    checker = build_checker(settings)
    model = checker.models.model
    if model is None:
        sys.exit(f"no model: {checker.models.reason}")
    texts = [
        json.loads(line)["text"]
        for path in sorted((ROOT / "training_data" / "test").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    results = {
        "model_version": model.version,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }
    for length, count in ((50, 2000), (280, 2000), (5000, 300)):
        results[f"check_{length}"] = latency(checker, drafts_of_length(texts, length, count))
    batch = [Draft(t) for t in drafts_of_length(texts, 280, 10_000)]
    t0 = time.perf_counter()
    for start in range(0, len(batch), 512):
        checker.check_many(batch[start : start + 512])
    elapsed = time.perf_counter() - t0
    results["batch_10000x280"] = {
        "seconds": round(elapsed, 2),
        "drafts_per_second": round(len(batch) / elapsed),
    }
    artifact = settings.models_dir / model.version / "model.joblib"
    results["artifact_mb"] = round(artifact.stat().st_size / 1e6, 2)
    results["service"] = service_figures(drafts_of_length(texts, 280, 300))
    if not args.skip_training:
        results["training_seconds"] = training_seconds()

    rows = [
        ("check 50 chars p50 / p99 (ms)", "check_50"),
        ("check 280 chars p50 / p99 (ms)", "check_280"),
        ("check 5,000 chars p50 / p99 (ms)", "check_5000"),
    ]
    print(f"PostGuard benchmark, model {model.version}")
    for label, key in rows:
        print(f"  {label:36} {results[key]['p50_ms']:8.2f} / {results[key]['p99_ms']:.2f}")
    b = results["batch_10000x280"]
    print(
        f"  {'batch of 10,000 x 280 chars':36} {b['seconds']:8.2f} s "
        f"({b['drafts_per_second']:,} drafts/s)"
    )
    s = results["service"]
    print(
        f"  {'HTTP check 280 chars p50 / p99 (ms)':36} {s['http_280_p50_ms']:8.2f} / "
        f"{s['http_280_p99_ms']:.2f}"
    )
    print(f"  {'service RSS (MB)':36} {s['rss_mb']:8.1f}")
    print(f"  {'model artifact (MB)':36} {results['artifact_mb']:8.2f}")
    if "training_seconds" in results:
        print(f"  {'full training (s)':36} {results['training_seconds']:8.1f}")
    out = ROOT / "bench" / "results" / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
