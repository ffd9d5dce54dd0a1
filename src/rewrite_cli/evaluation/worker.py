"""Worker process for ``rewrite eval``: runs one system and writes its results as JSON.

Usage (internal): ``python -m rewrite_cli.evaluation.worker JOB.json RESULT.json``. A
process of its own gives the system an honest peak-memory figure (see ``run``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rewrite_cli.evaluation.run import EvalConfig, peak_rss_mib, run_system
from rewrite_cli.evaluation.systems import SystemSpec
from rewrite_cli.ui import UI


def main(argv: list[str]) -> int:
    job_path, out_path = (Path(a) for a in argv)
    start = peak_rss_mib()  # peak so far = now: memory only grows during the imports
    job = json.loads(job_path.read_text(encoding="utf-8"))
    ui = UI(quiet=bool(job.get("quiet")))
    run = run_system(SystemSpec(**job["spec"]), EvalConfig(**job["config"]),
                     say=ui.say, warn=ui.warn)
    peak = peak_rss_mib()
    if peak is not None and start is not None:
        run.peak_rss_mib, run.start_rss_mib = round(peak, 1), round(start, 1)
    out_path.write_text(json.dumps(run.to_json()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
