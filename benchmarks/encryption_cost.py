"""What encryption at rest costs a user (issue 14): the same commands on a plaintext store, on a store
keyed from the keyring (raw key) and on a passphrase store (PBKDF2, 256,000 iterations).

    .venv/bin/python benchmarks/encryption_cost.py [--repeat 15] [--requests 12]

Every figure is a whole ``habeas`` process (``python -m app`` through a small driver), because
start-up is what a user waits for. The three stores hold the same data (one is made, the others
are encrypted copies of it). Runs are interleaved (floor, plain, keyring, passphrase, floor, …)
so that load on the machine hits all alike; the floor is ``habeas --version`` in the same driver
(Python start-up, the CLI's imports and the store package's, which the driver imports in every
mode; no store is opened). The plaintext runs replace ``unlock`` (the
step that finds the key) by a no-op in the driver: the app itself has no plaintext mode.

Prints median and 90th percentile per command and store, and the medians minus the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXAMPLES = ROOT / "examples"
PASSPHRASE = "cost benchmark passphrase"
COMMANDS = {
    "floor (--version)": ["--version"],
    "letter (text, no store)": ["letter", "--input", str(EXAMPLES / "de-access.json"), "--text"],
    "request list (open store)": ["request", "list"],
    "deadlines (small store)": ["deadlines", "--today", "2026-12-01"],
}
MODES = ("plain", "keyring", "passphrase")

DRIVER = """
import sys
mode = sys.argv[1]
import app.store.keys as keys  # in every mode, so that the floor is the same for all three
if mode == "plain":
    keys.unlock = lambda config, keystore, passphrases, notify=None: config
from app.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


def environment(home: Path, mode: str, keyring_file: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HABEAS_")}
    env |= {"HABEAS_HOME": str(home), "LANG": "C.UTF-8"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "benchmarks"), str(ROOT)])
    env |= {"PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring", "HABEAS_SOAK_KEYRING": str(keyring_file)}
    if mode == "passphrase":
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        env["HABEAS_PASSPHRASE"] = PASSPHRASE
    return env


def habeas(home: Path, mode: str, keyring_file: Path, argv: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, mode, *argv],
        env=environment(home, mode, keyring_file),
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1) or "Traceback" in done.stderr or "Unexpected" in done.stderr:
        raise SystemExit(f"{argv} ({mode}) failed: {done.stderr[:500]}")
    return elapsed


def build(folder: Path, requests: int) -> dict[str, Path]:
    """The plaintext store with ``requests`` requests and their events, and two encrypted copies."""
    from app.store import crypto
    from app.store.crypto import CipherKey
    from app.store.keys import key_entry

    homes = {mode: folder / mode for mode in MODES}
    plain = homes["plain"]
    keyring_file = folder / "keyring.json"
    examples = sorted(EXAMPLES.glob("*-access.json")) + sorted(EXAMPLES.glob("*-correction.json"))
    for number in range(requests):
        # A distinct request each time (the same input again is a retry and returns the same case).
        data = json.loads(examples[number % len(examples)].read_text(encoding="utf-8"))
        data["details"] = f"{data.get('details', '')} ({number + 1})"
        example = folder / f"request-{number + 1}.json"
        example.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        added = subprocess.run(
            [sys.executable, "-c", DRIVER, "plain", "request", "add", "--input", str(example)],
            env=environment(plain, "plain", keyring_file),
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        rid = added.stdout.split()[0]  # request add prints the new request's id first
        habeas(plain, "plain", keyring_file, ["request", "event", rid, "sent", "--date", "2026-03-03"])
        habeas(plain, "plain", keyring_file, ["request", "event", rid, "received", "--date", "2026-03-06"])
    source = plain / "data" / "habeas.sqlite3"
    for mode in ("keyring", "passphrase"):
        target = homes[mode] / "data" / "habeas.sqlite3"
        target.parent.mkdir(parents=True)
        shutil.copy(source, target)
        if mode == "passphrase":
            key = CipherKey.from_passphrase(PASSPHRASE)
        else:
            key = CipherKey.generate()
            os.environ["HABEAS_SOAK_KEYRING"] = str(keyring_file)
            from file_keyring import FileKeyring  # type: ignore[import-not-found]

            FileKeyring().set_password("Habeas", key_entry(target), key.secret)
        crypto.rewrite_database(target, None, key)
    return homes


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--requests", type=int, default=12)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    with tempfile.TemporaryDirectory(prefix="habeas-encryption-cost-") as scratch:
        folder = Path(scratch)
        homes = build(folder, args.requests)
        keyring_file = folder / "keyring.json"
        for mode in MODES:  # warm the disk cache and the kept deadlines once
            for argv in COMMANDS.values():
                habeas(homes[mode], mode, keyring_file, argv)
        times: dict[tuple[str, str], list[float]] = {}
        for _round in range(args.repeat):
            for name, argv in COMMANDS.items():
                for mode in MODES:
                    times.setdefault((name, mode), []).append(habeas(homes[mode], mode, keyring_file, argv))
        size = (homes["plain"] / "data" / "habeas.sqlite3").stat().st_size / 1024
    print(
        f"{args.requests} requests with 2 events each, store {size:.0f} KiB; {args.repeat} interleaved rounds"
    )
    # The floor of all runs together; "vs plain": the median of the differences to the plaintext run
    # of the same command in the same round (paired, so that load on the machine cancels out).
    floor = statistics.median([t for mode in MODES for t in times[("floor (--version)", mode)]])
    print(f"floor (all --version runs): median {floor * 1000:.0f} ms")
    print(f"{'command':28} {'store':11} {'median':>8} {'p90':>8} {'- floor':>8} {'vs plain':>9}")
    for name in COMMANDS:
        for mode in MODES:
            values = sorted(times[(name, mode)])
            median = statistics.median(values)
            p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
            above = (median - floor) * 1000
            paired = statistics.median(
                a - b for a, b in zip(times[(name, mode)], times[(name, "plain")], strict=True)
            )
            print(
                f"{name:28} {mode:11} {median * 1000:7.0f}ms {p90 * 1000:7.0f}ms {above:7.0f}ms "
                f"{paired * 1000:+8.0f}ms"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
