"""Run the command line: ``python -m nlmg_graph``."""

import sys

from nlmg_graph.cli import main

sys.exit(main())
