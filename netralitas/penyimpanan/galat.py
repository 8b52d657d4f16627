class PenyimpananTakTerjangkau(OSError):
    """The object store did not answer (connection refused, timeout, 5xx) and no copy of the file
    is pending in PostgreSQL. Kept apart from s3.py so callers need not import boto3."""
