"""Entry point: python -m jpbench (bench/run calls this inside the venv)."""
import sys

from jpbench.cli import main

sys.exit(main(sys.argv[1:]))
