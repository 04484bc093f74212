"""The project's Celery app for worker processes started by failure tests (`-A tests.support.celery_app`),
with one test hook: DT_TEST_RENDER_PAUSE=<seconds> makes every report layout wait that long first, so
that a test can kill the worker in the middle of a build. Nothing else differs from `-A dtsystem`."""

import os
import time

from celery.signals import task_prerun

from dtsystem.celery import app

__all__ = ["app"]

PAUSE = float(os.environ.get("DT_TEST_RENDER_PAUSE", "0") or 0)


@task_prerun.connect
def _slow_layout(**_kwargs) -> None:
    if not PAUSE:
        return
    from reports import services

    if getattr(services.report_render, "paused", False):
        return
    real = services.report_render

    def paused(**kwargs):
        time.sleep(PAUSE)
        return real(**kwargs)

    paused.paused = True
    services.report_render = paused
