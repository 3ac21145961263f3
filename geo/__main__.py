"""Run the command line as ``python -m geo``."""

from geo.cli import main

main()
