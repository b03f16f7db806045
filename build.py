"""Build the tifa site: ``python build.py --help`` lists the commands."""

import sys

from tifa.cli import main

if __name__ == "__main__":
    sys.exit(main())
