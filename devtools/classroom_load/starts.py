"""Równoczesny start serwerów wszystkich uczniów i pomiar czasu do działającego serwera."""

from __future__ import annotations

import concurrent.futures
import threading
import time
from collections.abc import Sequence

from devtools.classroom_load.config import TORCH_CHECK, TORCH_EXPECTED
from devtools.classroom_load.results import StartResult, describe
from devtools.hubclient import ClassroomError, Learner


def start_all_at_once(learners: Sequence[Learner], timeout: float) -> list[StartResult]:
    """Wszyscy uczniowie wysyłają żądanie startu w tej samej chwili (bariera wątków)."""
    barrier = threading.Barrier(len(learners))

    def one(learner: Learner) -> StartResult:
        result = StartResult(learner.name)
        barrier.wait()
        started = time.monotonic()
        try:
            learner.request_start()
            result.lab_ready_s = round(learner.wait_lab(started, timeout), 2)
            output = learner.run_code(TORCH_CHECK, timeout=300, kernel_timeout=120)
            if TORCH_EXPECTED not in output:
                raise ClassroomError(f"jądro policzyło coś innego: {output.strip()[:200]!r}")
            result.working_s = round(time.monotonic() - started, 2)
        except Exception as error:
            result.error = describe(error)
        return result

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(learners)) as pool:
        return list(pool.map(one, learners))
