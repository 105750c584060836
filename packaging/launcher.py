"""Entry point of the bundled app (PyInstaller runs this file; the wheel uses cli:main)."""

import sys

from tellerguard.cli import main

if __name__ == "__main__":
    sys.exit(main())
