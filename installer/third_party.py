"""Write THIRD-PARTY-NOTICES.txt: every distribution a Habeas bundle ships, its licence and its text.

Usage: python installer/third_party.py [--lock FILE ...] [--out build/THIRD-PARTY-NOTICES.txt]

Run it with the Python that builds the bundle (the build scripts do): the list of distributions is
the lock file's (exactly what the bundle holds from PyPI), their versions, licences and licence
files are read from that Python's installed metadata. Added to them: the Python interpreter and the
PyInstaller bootloader (both inside every bundle), the fonts and the ICC profile in resources/.
A distribution from the lock that is not installed is an error, not a gap in the file.
"""

from __future__ import annotations

import argparse
import re
import sys
import sysconfig
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LICENCES = Path(__file__).resolve().parent / "licenses"
LOCK_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")
LICENCE_FILE = re.compile(r"^(licen[cs]e|copying|notice|copyright)", re.IGNORECASE)
# Distributions whose wheels ship no licence file: the text their metadata names, kept in licenses/.
FALLBACK_TEXTS = {
    "pyside6-essentials": "LGPL-3.0.txt",
    "pyside6-pdf": "LGPL-3.0.txt",
    "shiboken6": "LGPL-3.0.txt",
}
# Metadata that names no licence, read from the licence file the wheel ships.
LICENCE_OVERRIDES = {"sqlcipher3": "Zlib", "chinesecalendar": "MIT"}
# Parts compiled into a wheel that its metadata does not name.
EMBEDDED = {
    "sqlcipher3": "Contains SQLCipher (Zetetic LLC, BSD-style licence) and SQLite (public domain).",
    "pyside6-essentials": "Qt is used under the LGPL-3.0 (option chosen by Habeas); the libraries are "
    "shared objects in the bundle and can be replaced by the user.",
}


@dataclass
class Notice:
    name: str
    version: str
    licence: str
    home: str = ""
    remark: str = ""
    texts: list[tuple[str, str]] = field(default_factory=list)  # (source, text)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_distributions(lock: Path) -> list[tuple[str, str]]:
    out = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = LOCK_LINE.match(line)
        if match:
            out.append((match.group(1), match.group(2)))
    if not out:
        raise SystemExit(f"{lock}: no pinned distributions found")
    return out


def licence_of(meta: metadata.PackageMetadata) -> str:
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    declared = (meta.get("License") or "").strip()
    if declared and "\n" not in declared and len(declared) <= 100:
        return declared
    classifiers = [
        c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    if classifiers:
        return "; ".join(classifiers)
    return declared.splitlines()[0][:100] if declared else "not stated in its metadata"


def home_of(meta: metadata.PackageMetadata) -> str:
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"homepage", "home", "source", "source code", "repository"}:
            return url.strip()
    return str(meta.get("Home-page") or "")


def licence_files(dist: metadata.Distribution) -> list[tuple[str, str]]:
    """The licence texts the distribution installed: in its .dist-info first, else in its package."""
    files = [f for f in dist.files or [] if LICENCE_FILE.match(f.name)]
    in_metadata = [f for f in files if f.parts and f.parts[0].endswith(".dist-info")]
    chosen = in_metadata or [f for f in files if len(f.parts) <= 2]
    texts = []
    for entry in sorted(chosen, key=str):
        path = Path(str(dist.locate_file(entry)))
        if path.is_file():
            texts.append((str(entry), path.read_text(encoding="utf-8", errors="replace")))
    return texts


def distribution_notice(name: str, locked_version: str) -> Notice:
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        raise SystemExit(f"{name} {locked_version} is in the lock file but not installed here") from None
    meta = dist.metadata
    key = normalise(name)
    notice = Notice(meta["Name"], dist.version, LICENCE_OVERRIDES.get(key) or licence_of(meta), home_of(meta))
    if dist.version != locked_version:
        raise SystemExit(f"{name}: installed {dist.version}, the lock file says {locked_version}")
    notice.texts = licence_files(dist)
    notice.remark = EMBEDDED.get(key, "")
    if not notice.texts and key in FALLBACK_TEXTS:
        fallback = LICENCES / FALLBACK_TEXTS[key]
        notice.texts = [(f"{fallback.name} (the wheel ships none)", fallback.read_text(encoding="utf-8"))]
    return notice


def python_notice() -> Notice:
    candidates = [
        Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE.txt",
    ]
    notice = Notice("Python", sys.version.split()[0], "PSF-2.0", "https://www.python.org/")
    for path in candidates:
        if path.is_file():
            notice.texts = [("LICENSE.txt", path.read_text(encoding="utf-8", errors="replace"))]
            break
    else:
        notice.remark = (
            "This Python installation ships no LICENSE.txt; see https://docs.python.org/3/license.html"
        )
    return notice


def bootloader_notice() -> Notice | None:
    try:
        dist = metadata.distribution("pyinstaller")
    except metadata.PackageNotFoundError:
        return None  # notices for a source checkout: no bundle, no bootloader
    return Notice(
        "PyInstaller bootloader",
        dist.version,
        "GPL-2.0-or-later WITH Bootloader-exception",
        "https://pyinstaller.org/",
        "The small program that starts the bundle; its exception allows shipping it with any program.",
        licence_files(dist),
    )


def resource_notices() -> list[Notice]:
    fonts = ROOT / "resources" / "fonts"
    color = ROOT / "resources" / "color"

    def text(path: Path) -> list[tuple[str, str]]:
        return [(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8", errors="replace"))]

    wqy = Notice(
        "WenQuanYi Micro Hei (font)", "0.2.0-beta", "Apache-2.0 OR GPL-3.0-or-later", "https://wenq.org/"
    )
    wqy.texts = text(fonts / "LICENSE-wqy-microhei.txt")
    liberation = Notice(
        "Liberation Serif (font)", "2.1.5", "OFL-1.1", "https://github.com/liberationfonts/liberation-fonts"
    )
    liberation.texts = text(fonts / "LICENSE-liberation.txt")
    icc = Notice("sRGB ICC profile (icc-profiles-free)", "", "see the file below")
    icc.texts = text(color / "LICENSE-icc-profiles-free.txt")
    return [wqy, liberation, icc]


def render(notices: list[Notice], version: str) -> str:
    rule = "=" * 78
    lines = [
        f"Habeas {version}: third-party notices",
        "",
        "Habeas is free software under the GNU General Public License, version 3 or later (LICENSE).",
        "This copy contains the following software and data by others, each under its own licence.",
        "Generated by installer/third_party.py from the distributions the bundle was built with.",
        "",
        "Contents",
    ]
    lines += [f"  {n.name} {n.version}".rstrip() + f": {n.licence}" for n in notices]
    for notice in notices:
        lines += ["", rule, f"{notice.name} {notice.version}".rstrip(), f"Licence: {notice.licence}"]
        if notice.home:
            lines.append(f"Home: {notice.home}")
        if notice.remark:
            lines.append(notice.remark)
        if not notice.texts:
            lines.append("The distribution ships no licence file; its licence is the one named above.")
        for source, text in notice.texts:
            lines += ["", f"--- {source} ---", text.rstrip()]
    return "\n".join(lines) + "\n"


def app_version() -> str:
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not match:
        raise SystemExit("app/__init__.py: no __version__")
    return match.group(1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--lock",
        type=Path,
        action="append",
        help="a pinned requirements file (repeatable; default requirements/lock.txt)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "THIRD-PARTY-NOTICES.txt")
    args = parser.parse_args(argv)
    notices = [python_notice()]
    bootloader = bootloader_notice()
    if bootloader is not None:
        notices.append(bootloader)
    notices += sorted(
        (
            distribution_notice(name, version)
            for lock in args.lock or [ROOT / "requirements" / "lock.txt"]
            for name, version in locked_distributions(lock)
        ),
        key=lambda n: n.name.lower(),
    )
    notices += resource_notices()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(notices, app_version()), encoding="utf-8")
    print(f"{args.out}: {len(notices)} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
