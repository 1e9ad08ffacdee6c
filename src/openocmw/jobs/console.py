"""A text progress bar for the command line, while waiting for a job."""

from __future__ import annotations

import time

from django.db import close_old_connections

from .models import Job, Status

WIDTH = 30


def bar(job: Job) -> str:
    """``[#########.....................]  30%  3,000/10,000  message``"""
    filled = WIDTH * job.percent // 100
    counts = f"{job.done:,}/{job.total:,}" if job.total else ""
    text = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {job.percent:3d}%  {counts}  {job.message}"
    return text.rstrip()


def wait(job: Job, stream, *, poll: float = 0.5, hint_after: float = 20.0) -> Job:
    """Show the job's progress on ``stream`` until it finishes; the finished job."""
    tty = hasattr(stream, "isatty") and stream.isatty()
    start, hinted, last, last_line = time.monotonic(), False, "", 0.0
    while True:
        job.refresh_from_db()
        line = bar(job)
        now = time.monotonic()
        if tty:
            stream.write("\r" + line.ljust(100)[:100])
            stream.flush()
        elif line != last and (now - last_line >= 5 or job.finished):
            stream.write(line + "\n")
            last_line = now
        last = line
        if job.finished:
            if tty:
                stream.write("\n")
            return job
        if job.status == Status.QUEUED and not hinted and now - start > hint_after:
            stream.write(
                f"\njob {job.pk} is still queued: is a worker running (`openocmw worker`)? "
                "Or run it here with --inline.\n"
            )
            hinted = True
        close_old_connections()
        time.sleep(poll)
