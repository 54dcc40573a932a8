"""``python -m wizard`` runs the command line."""

import sys

from wizard.cli.main import main

sys.exit(main())
