import sys

from netlogic.cli.main import main

sys.exit(main())
