"""`python -m planner`: the command line."""

import sys

from planner.cli.main import main

sys.exit(main())
