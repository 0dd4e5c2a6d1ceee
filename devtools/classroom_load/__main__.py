"""`python -m devtools.classroom_load`: pomiar obciążenia i awarii klasy (opis: __init__.py)."""

import sys

from devtools.classroom_load.cli import main

sys.exit(main())
