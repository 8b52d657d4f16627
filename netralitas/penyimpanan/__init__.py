"""The object store (S3_BUCKET): the storage backend, and the files kept in PostgreSQL while the
store is unreachable until the worker moves them there."""
