"""The desktop window (PySide6). Importing this package applies ``refcounts.keep_singletons_alive``."""

from app.ui.refcounts import keep_singletons_alive

keep_singletons_alive()
