"""``python -m officectl``."""

from officectl.launch import main

main()
