"""``python -m brevgen``: the same command as ``brevgen``, for a shell without the venv's bin/."""

from brevgen.cli import main

main()
