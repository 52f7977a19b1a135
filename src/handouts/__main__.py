"""``python -m handouts`` runs the command line."""

from handouts.cli import run

if __name__ == "__main__":  # not when a worker process imports it again
    run()
