"""The bundled program's entry point: the same two commands that pip installs (pyproject.toml).

``habeas`` is ``app.cli.main:main`` (no subcommand opens the window, a subcommand runs headless);
``habeas-gui`` is ``app.cli.main:gui_main`` (always the window, whatever the arguments). A bundle
holds one program under both names: a second executable on Windows and macOS (no console window),
a symbolic link on Linux. Which one ran is told by the name it was started as.
"""

from __future__ import annotations

import os
import sys

GUI_NAMES = {"habeas-gui", "habeas-gui.exe", "habeas gui"}


def started_as_gui(argv0: str, executable: str) -> bool:
    """True when started as habeas-gui (the link's name is in argv[0], the real file in executable)."""
    names = {os.path.basename(argv0).lower(), os.path.basename(executable).lower()}
    return bool(names & GUI_NAMES)


def run() -> int:
    # Under `env -i` or a minimal desktop session there is no locale; Qt then warns and Python's
    # stdio may fall back to ASCII. Both handle UTF-8, which every Habeas language needs.
    if not any(os.environ.get(name) for name in ("LC_ALL", "LC_CTYPE", "LANG")):
        os.environ["LANG"] = "C.UTF-8"
    from app.cli.main import gui_main, main

    if started_as_gui(sys.argv[0] if sys.argv else "", sys.executable):
        return gui_main()
    return main()


if __name__ == "__main__":
    sys.exit(run())
