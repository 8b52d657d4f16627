"""gunicorn's configuration for Posko Netralitas: `gunicorn -c deploy/gunicorn.conf.py`.

Read by the systemd unit (deploy/systemd/posko-netralitas-web.service) and by the container image
alike. Every value a site may have to choose comes from the environment, with the default that
fits one VM with nginx in front on the same machine (README, "Operating it").
"""

import multiprocessing
import os

wsgi_app = "netralitas.wsgi:application"

# Where nginx reaches us. 127.0.0.1:8000 on a VM (nginx on the same machine); 0.0.0.0:8000 in a
# container, where nginx is another container. Never expose this port to the internet: gunicorn
# trusts X-Forwarded-Proto from `forwarded_allow_ips` and Django the right-most X-Forwarded-For
# entry (netralitas/jaringan.py), both written by nginx.
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]

# Sync workers, one more than the cores: the pages are CPU-bound Python, and a third worker keeps
# both cores of a 2-core VM busy while one waits on PostgreSQL or Redis (bench/README.md,
# "Gunicorn configuration", compared sync and gthread at 1,000,000 cases). Sync workers hold one
# request each, which is safe only because nginx buffers the whole request and response: a slow
# phone uploading 50 MB talks to nginx, never to a worker.
worker_class = "sync"
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() + 1)

# A report with five large photos costs the request under a second of CPU (bench/README.md), a
# direct export of EKSPOR_LANGSUNG_MAKS rows a few seconds; nothing a request does should take a
# minute. A worker silent for longer is killed and restarted. nginx's proxy_read_timeout (70 s)
# is longer, so it is gunicorn that ends a stuck request, and the log says which.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On restart (systemctl restart, a deploy) each worker finishes its request first.
graceful_timeout = 30
# nginx closes the upstream connection after each response; a sync worker does not keep alive.
keepalive = 2

# Each worker is replaced after about a thousand requests, at staggered points (the jitter), so a
# slow leak in a library never grows for weeks and the workers never restart all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max(1, max_requests // 10)

# Whose X-Forwarded-Proto is believed (wsgi.url_scheme). nginx on the same machine: 127.0.0.1.
# In the compose file nginx is another container: the default network's address range (or "*",
# only while the port is published to nowhere but that network).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The worker heartbeat file: in memory, not on a disk that may stall under load (and, in a
# container, not on the overlay filesystem).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Logs: errors to stderr (journald, or the container's log). nginx keeps the access log; set
# GUNICORN_ACCESSLOG=- to have gunicorn write one too (the CI smoke test does, into a file).
errorlog = "-"
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "posko-netralitas"

# gunicorn 27's control socket would be written under $HOME or $XDG_RUNTIME_DIR, which the
# service user does not have (ProtectHome, no login). systemd (or the container runtime) sends
# the signals: HUP reloads, TERM stops gracefully.
control_socket_disable = True


# /metrics (netralitas/metrika.py) sums the counters of every worker when PROMETHEUS_MULTIPROC_DIR
# names a folder they share (the web unit sets it to its RuntimeDirectory, new at each start):
# emptied here when gunicorn starts, and a finished worker's files marked dead, as
# prometheus_client documents for gunicorn.
def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for nama in os.listdir(folder):
            if nama.endswith(".db"):
                os.remove(os.path.join(folder, nama))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
