import sys

from netlogic.cli import main

sys.exit(main())
