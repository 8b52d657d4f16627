"""Settings of the Celery worker that the integration tests start: the project's own settings, with
three test-only changes read from the environment.

- `UJI_ANTREAN`: the queue of this pytest process, so that workers of parallel runs (xdist, CI, a
  colleague's laptop) on the same Redis database never take each other's tasks. It is also the
  worker's default queue, so a task the worker itself enqueues (the beat job's re-sends, a batch's
  retries) stays on it.
- `UJI_EMAIL_BACKEND`: a backend class the e-mail URL cannot name (`tests.integrasi.email_lambat`).
  The e-mail directory still comes from `EMAIL_URL=filemail:///…`, as in production.
- Remote control off: the tests wait on the worker's log, and a worker killed with SIGKILL would
  otherwise leave its pidbox binding in Redis.
"""

import os

from netralitas.settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ["UJI_ANTREAN"]
CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
EMAIL_BACKEND = os.environ.get("UJI_EMAIL_BACKEND") or EMAIL_BACKEND  # noqa: F405
