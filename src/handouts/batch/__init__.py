"""Batch builds: every clinic × every handout, in parallel worker processes, incrementally."""
