#!/usr/bin/env python
"""The benchmark peer's manage.py (bench/README.md, "Against django-helpdesk"): run it with bench/peer/.venv/bin/python."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
