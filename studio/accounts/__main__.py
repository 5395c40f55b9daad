import sys

from studio.accounts.cli import main

sys.exit(main())
