"""The web builder's form fields, as a browser sends them."""

from __future__ import annotations


def dose(slug: str, sets="1", amount="10", unit="reps", side=False, times="1", per="day") -> dict[str, str]:
    """The builder's six dose fields of one exercise, as its programme row sends them."""
    fields = {
        f"sets-{slug}": sets,
        f"amount-{slug}": amount,
        f"unit-{slug}": unit,
        f"times-{slug}": times,
        f"per-{slug}": per,
    }
    return {**fields, f"side-{slug}": "1"} if side else fields
