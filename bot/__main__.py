"""`python -m bot` is the `k17` command."""

from bot.cli import main

raise SystemExit(main())
