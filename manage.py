#!/usr/bin/env python
import os
import sys

# Commands that only read or write the source tree (migrations, catalogues, static files)
# never sign anything, so production settings let them run without a secret key; every
# command that serves or touches data still refuses without one.
SOURCE_TREE_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "collectstatic"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")
    if len(sys.argv) > 1 and sys.argv[1] in SOURCE_TREE_COMMANDS:
        os.environ["KHUYENCONG_SOURCE_TREE_COMMAND"] = "1"
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # A broken .env or setting gets one line, not a traceback.
        sys.stderr.write(f"Configuration error: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
