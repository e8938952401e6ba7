"""The lock files: exact versions of everything the app and its tests install, refreshed by one command.

    python3.11 scripts/lock.py                 # newest releases the requirement ranges admit, tried, then locked
    python3.11 scripts/lock.py --tests quick   # the same, trying them on every test but the browser suites
    python3.11 scripts/lock.py --tests none    # resolve and lock without trying (a broken release may slip in)
    python3.11 scripts/lock.py --check         # exit 1 if a lock breaks its ranges or the locks disagree

The ranges a person edits stay in requirements*.txt; the README's commands install the locks, so a fresh
clone installs today what it installed the day the locks were written, whatever PyPI has released since
(transformers 5.25.0 arriving under a range broke CI on a fresh clone once). A refresh:

1. installs requirements-dev.txt (which includes the language-model extra and the runtime) into a new
   virtual environment, taking the newest release each range admits;
2. runs the test suite with that environment (all of it by default: the browser suites are where a new
   Streamlit shows), and stops without writing anything if a test fails;
3. writes requirements-dev.lock from what was installed, and requirements-lm.lock and requirements.lock as
   the parts of it that requirements-lm.txt and requirements.txt need (pip resolves each against the first,
   so the three never disagree on a version).

A lock names exact versions only. Two adjustments keep a lock installable beyond the machine that wrote it:
the local label of this machine's CPU build of torch is dropped (`torch==2.13.0`, as requirements.txt pins
it), and a requirement that carries an environment marker in requirements*.txt (Triton: Linux x86_64 only)
keeps that marker.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (lock file, the requirements file it locks); the first is installed, the others are resolved within it.
LOCKS = (("requirements-dev.lock", "requirements-dev.txt"), ("requirements-lm.lock", "requirements-lm.txt"),
         ("requirements.lock", "requirements.txt"))
NOT_LOCKED = {"pip"}   # the installer itself: whatever the machine's venv brings
QUICK_TESTS = ["--ignore=tests/browser", "--ignore=tests/deploy", "-q"]


def canonical(name: str) -> str:
    """A distribution's name as pip compares it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_lines(path: Path) -> list[str]:
    """The requirements a file declares, following `-r` includes, without comments or pip options."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #")[0].strip()
        if line.startswith("-r "):
            lines += requirement_lines(path.parent / line[3:].strip())
        elif line and not line.startswith(("#", "-")):
            lines.append(line)
    return lines


def parse_requirement(line: str) -> tuple[str, str, str]:
    """(canonical name, version specifier, environment marker) of one requirement line."""
    requirement, _, marker = line.partition(";")
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)", requirement)
    if match is None:
        raise ValueError(f"not a requirement: {line!r}")
    return canonical(match.group(1)), match.group(2).strip(), marker.strip()


def markers(requirements_file: Path) -> dict[str, str]:
    """The environment marker of each requirement that has one, e.g. {'triton': 'platform_system == ...'}."""
    return {name: marker for name, _, marker in map(parse_requirement, requirement_lines(requirements_file))
            if marker}


def lock_lines(pins: dict[str, str], marked: dict[str, str]) -> list[str]:
    """`name==version` lines, sorted, local version labels dropped, markers kept."""
    lines = []
    for name in sorted(pins):
        line = f"{name}=={pins[name].split('+')[0]}"
        lines.append(f"{line}; {marked[name]}" if name in marked else line)
    return lines


def read_lock(path: Path) -> dict[str, tuple[str, str]]:
    """{canonical name: (exact version, marker)} from a lock file."""
    pins = {}
    for line in requirement_lines(path):
        name, specifier, marker = parse_requirement(line)
        if not specifier.startswith("==") or any(c in specifier[2:] for c in ",<>!~*"):
            raise ValueError(f"{path.name}: {line!r} is not an exact version")
        pins[name] = (specifier[2:].strip(), marker)
    return pins


def lock_problems(root: Path = ROOT) -> list[str]:
    """What is wrong with the locks: a pin outside its requirement's range, a package a requirements file
    asks for that its lock lacks, a version on which two locks disagree."""
    from packaging.specifiers import SpecifierSet

    problems = []
    if not (root / LOCKS[0][0]).exists():
        return [f"{LOCKS[0][0]} is missing (python3.11 scripts/lock.py writes it)"]
    dev = read_lock(root / LOCKS[0][0])
    for lock_name, requirements_name in LOCKS:
        path = root / lock_name
        if not path.exists():
            problems.append(f"{lock_name} is missing (python3.11 scripts/lock.py writes it)")
            continue
        pins = read_lock(path)
        for name, specifier, _ in map(parse_requirement, requirement_lines(root / requirements_name)):
            if name not in pins:
                problems.append(f"{lock_name} lacks {name}, which {requirements_name} asks for")
            elif specifier and pins[name][0] not in SpecifierSet(specifier):
                problems.append(f"{lock_name} pins {name}=={pins[name][0]}, outside {requirements_name}'s "
                                f"{specifier}")
        for name, (version, _) in pins.items():
            if dev.get(name, (version,))[0] != version:
                problems.append(f"{lock_name} pins {name}=={version}, {LOCKS[0][0]} {dev[name][0]}")
            if name not in dev:
                problems.append(f"{lock_name} pins {name}, which {LOCKS[0][0]} lacks")
    return problems


def _run(command: list[str], **options) -> subprocess.CompletedProcess:
    print("+", " ".join(command), flush=True)
    return subprocess.run(command, check=True, **options)


def _resolved_within(python: str, requirements_file: Path, constraints: Path) -> dict[str, str]:
    """What pip would install for a requirements file, every version taken from the constraints file."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        _run([python, "-m", "pip", "install", "--quiet", "--dry-run", "--ignore-installed", "--report", str(report),
              "-r", str(requirements_file), "-c", str(constraints)], cwd=ROOT)
        installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    return {canonical(item["metadata"]["name"]): item["metadata"]["version"] for item in installs}


def _write(path: Path, requirements_name: str, lines: list[str]) -> None:
    header = (f"# Exact versions of what {requirements_name} resolves to, written by `python3.11 scripts/lock.py`\n"
              f"# (edit the ranges in {requirements_name}, then refresh; never by hand). Resolved with Python "
              f"{sys.version_info.major}.{sys.version_info.minor} on {sys.platform}.\n")
    path.write_text(header + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    print(f"wrote {path.name}: {len(lines)} packages")


def refresh(tests: str) -> int:
    with tempfile.TemporaryDirectory(prefix="lock-venv-") as folder:
        venv = Path(folder) / "venv"
        _run([sys.executable, "-m", "venv", str(venv)])
        python = str(venv / "bin" / "python")
        # Eager: the venv's own setuptools is a dependency too (torch's), and should be the newest like the rest.
        _run([python, "-m", "pip", "install", "--quiet", "--upgrade", "--upgrade-strategy", "eager", "-r",
              str(ROOT / LOCKS[0][1])], cwd=ROOT)
        frozen = subprocess.run([python, "-m", "pip", "freeze", "--all", "--exclude-editable"], check=True,
                                cwd=ROOT, capture_output=True, text=True).stdout
        pins = {canonical(name): version for name, version in re.findall(r"^([^=\s#]+)==(\S+)$", frozen, re.M)
                if canonical(name) not in NOT_LOCKED}
        if tests != "none":
            extra = QUICK_TESTS if tests == "quick" else []
            result = subprocess.run([python, "-m", "pytest", *extra], cwd=ROOT,
                                    env={**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"})
            if result.returncode != 0:
                print("The newest releases fail the tests: the locks are left as they were.", file=sys.stderr)
                return result.returncode
        _write(ROOT / LOCKS[0][0], LOCKS[0][1], lock_lines(pins, markers(ROOT / LOCKS[0][1])))
        for lock_name, requirements_name in LOCKS[1:]:
            subset = _resolved_within(python, ROOT / requirements_name, ROOT / LOCKS[0][0])
            _write(ROOT / lock_name, requirements_name, lock_lines(subset, markers(ROOT / requirements_name)))
    problems = lock_problems()
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", choices=("full", "quick", "none"), default="full",
                        help="which tests the newest releases must pass before they are locked (default: full)")
    parser.add_argument("--check", action="store_true", help="only check the locks against the requirements")
    options = parser.parse_args()
    if options.check:
        problems = lock_problems()
        for problem in problems:
            print(problem, file=sys.stderr)
        print("the locks agree with the requirement ranges" if not problems else f"{len(problems)} problems")
        return 1 if problems else 0
    return refresh(options.tests)


if __name__ == "__main__":
    sys.exit(main())
