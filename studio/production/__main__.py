import sys

from studio.production.cli import main

sys.exit(main())
