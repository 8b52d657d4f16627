"""The two ways a backup or a restore stops. The messages are in Bahasa Indonesia: the commands
print them to the operator as they are."""


class Ditolak(Exception):
    """Refused before anything was written (a target not empty, a damaged archive, a missing tool):
    the message names what and says what to do."""


class Gagal(Exception):
    """Failed after writing began: the message says what was written and how to start over."""
