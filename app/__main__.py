"""``python -m app``: the same entry point as the ``habeas`` command."""

import sys

from app.cli.main import main

sys.exit(main())
