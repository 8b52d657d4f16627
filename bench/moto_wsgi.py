"""The bench's object store: moto's S3 application alone, served by gunicorn (run.sh).

`moto_server` is werkzeug's development server in front of every AWS service moto emulates: it
answers HTTP/1.0 (a new TCP connection for every PUT, on both sides) and routes each request through
all of the services. An S3 store in production (MinIO, Ceph RGW) keeps connections alive and serves
S3 only; so here does this: one process (moto keeps the objects in its memory), threads, keep-alive.
"""

from moto.moto_server.werkzeug_app import create_backend_app

app = create_backend_app("s3")
