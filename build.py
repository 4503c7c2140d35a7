#!/usr/bin/env python3
"""Build, serve and check the campaign site: run `python build.py --help`."""

import sys
from pathlib import Path

from microsite.cli import main

if __name__ == "__main__":
    sys.exit(main(default_project=Path(__file__).resolve().parent))
