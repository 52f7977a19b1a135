"""What a batch run is asked to do (``BatchOptions``), what it tells its caller as it goes
(``BatchEvents``) and what it reports at the end (``BatchReport``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handouts.limits import RENDER_SECONDS
from handouts.resources import DEFAULT_OUTPUT


@dataclass
class BatchOptions:
    clinics: list[Path] | None = None
    articles: list[str] | None = None
    programmes: bool = False
    templates: list[str] | None = None  # with programmes: only these template slugs (None: every one)
    jobs: int | None = None
    out_dir: Path = DEFAULT_OUTPUT
    force: bool = False
    content: Path | None = None
    large_print: bool = False
    render_seconds: float = RENDER_SECONDS  # per handout; a worker over it is replaced


@dataclass
class BatchReport:
    built: list[Path] = field(default_factory=list)
    unchanged: int = 0
    failed: int = 0
    seconds: float = 0.0
    workers: int = 0
    worker_peak_rss_kb: dict[int, int] = field(default_factory=dict)


class BatchEvents:
    """What the batch tells its caller as it goes; the CLI turns these into output."""

    def planned(self, to_build: int, unchanged: int) -> None:
        pass

    def built(self, path: Path) -> None:
        pass

    def failed(self, message: str, detail: str = "") -> None:
        pass

    def warning(self, message: str) -> None:
        pass
