"""``python -m spbe``: the same as the ``spbe`` command (see :mod:`spbe.cli`)."""

import sys

from spbe.cli import main

sys.exit(main())
