"""Third-party progress bars only where a person watches stderr.

tqdm draws bars for hub downloads, GGUF de-quantization and weight loading. On a terminal
they help; in a log file or a CI transcript each redraw is another line of noise (issue 14).
Our own progress lines (``models pull``, batch progress) are unaffected.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO


def stream_is_terminal(stream: TextIO | None = None) -> bool:
    stream = sys.stderr if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


def quiet_third_party_bars(stream: TextIO | None = None) -> bool:
    """Turn tqdm bars off when ``stream`` (stderr) is not a terminal; ``True`` if it did.

    ``TQDM_DISABLE`` only works if set before tqdm is imported, so the CLI calls this first
    thing; the hub's and transformers' own switches are flipped too when those are loaded.
    A value the user set explicitly is left alone.
    """
    if stream_is_terminal(stream):
        return False
    os.environ.setdefault("TQDM_DISABLE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    if os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] != "1":
        return True
    if "huggingface_hub" in sys.modules:
        from huggingface_hub.utils import disable_progress_bars

        disable_progress_bars()
    if "transformers" in sys.modules:
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
    return True
