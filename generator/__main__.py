"""`python -m generator` runs the `dossier` command."""

import sys

from generator.cli import main

sys.exit(main())
