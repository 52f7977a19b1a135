"""``python -m handouts`` runs the command line."""

from handouts.cli.commands import main

main()
