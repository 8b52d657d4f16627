"""What the region tree tells the rest of the project. The tree imports no other app: those that
keep something per region (the agencies of every pemda, in netralitas.akun) listen instead."""

from django.dispatch import Signal

# Sent by `load_wilayah` after every run, whether or not a row changed, with `laporkan`: a callable
# that writes one line to the command's output (what the receiver did, for the operator).
wilayah_dimuat = Signal()
