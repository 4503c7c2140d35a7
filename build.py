#!/usr/bin/env python3
"""Build, serve and check the campaign site: run `python build.py --help`."""

import os
import sys
from pathlib import Path

from microsite.cli import main

if __name__ == "__main__":
    code = main(default_project=Path(__file__).resolve().parent)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader gone (`| head`): Python's own exit would have failed here too, with 120
        code = 120
    # Every file is written and closed by now. Python's own exit frees the site object by object (~0.1 s after a
    # 1,000-page build, a thirtieth of it); leaving at once lets the system drop the whole process in one go.
    os._exit(code)
