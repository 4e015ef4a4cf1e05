"""Progress of the slow part of reading (OCR pages): a bar in a terminal, a message to a worker's parent."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Set by a worker process so its parent hears of every page; None: a bar on a terminal.
listener: Callable[[str, int], None] | None = None


@contextmanager
def pages(total: int, what: str) -> Iterator[Callable[[], None]]:
    """A function to call once per page done, for `total` pages of `what`."""
    if listener is not None or total == 0:
        yield (lambda: listener(what, total)) if listener else (lambda: None)
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=what, unit="page", leave=False, disable=not sys.stderr.isatty()) as bar:
        yield bar.update
