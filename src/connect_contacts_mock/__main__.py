"""`python -m connect_contacts_mock serve ...`: the `connect-contacts-mock` command."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
