"""Set up PostGuard in a local .venv and run it, or run every test.

    python3 bootstrap.py serve     install (first time) and run the service on 127.0.0.1:8765
    python3 bootstrap.py test      install (first time) and run every test

Only the standard library is used here, so it runs on a fresh machine (on Windows: py bootstrap.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
CHROMIUM = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")


def run(*cmd, cwd=ROOT, env=None) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, check=True)


def install(extra: str = "") -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (this file runs before the venv exists)
        sys.exit(f"PostGuard needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    stamp = VENV / f".installed{extra}"
    sources = [ROOT / "pyproject.toml"]
    if not stamp.exists() or any(s.stat().st_mtime > stamp.stat().st_mtime for s in sources):
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(PYTHON, "-m", "pip", "install", "--quiet", "-e", f".{extra}")
        stamp.touch()


def serve(args: list[str]) -> None:
    install()
    command = [str(PYTHON), "-m", "service", "serve", *args]
    if os.name == "nt":  # Windows has no exec: run it and pass its exit status on
        sys.exit(subprocess.call(command))
    os.execv(command[0], command)


def ensure_chromium() -> None:
    if any(Path(p).exists() for p in CHROMIUM):
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "chromium", env=env)
    else:
        sys.exit("The browser tests need Chromium: install Debian's 'chromium' package.")


def test(args: list[str]) -> None:
    install("[test]")
    code = [p for p in ("service", "tests", "bench", "bootstrap.py") if (ROOT / p).exists()]
    run(PYTHON, "-m", "ruff", "check", *code)
    run(PYTHON, "-m", "ruff", "format", "--check", *code)
    run(PYTHON, "-m", "pytest", *args)
    extension = ROOT / "extension"
    if (extension / "package.json").exists():
        ensure_chromium()
        npm = shutil.which("npm") or sys.exit("The extension's tests need Node.js 20 and npm.")
        run(npm, "ci", "--no-audit", "--no-fund", cwd=extension)
        env = {**os.environ, "POSTGUARD_PYTHON": str(PYTHON)}
        run(npm, "test", cwd=extension, env=env)


def main() -> None:
    commands = {"serve": serve, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    try:
        commands[sys.argv[1]](sys.argv[2:])
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode or 1)


if __name__ == "__main__":
    main()
