"""``python -m officectl``."""

from officectl.cli import main

main()
