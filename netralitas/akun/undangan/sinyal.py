from django.dispatch import Signal

# Sent inside the acceptance's transaction with user= (now an active reviewer) and instansi=.
peninjau_bergabung = Signal()
