"""Bawaslu invites a reviewer (inspektorat/PPK) account for an agency that has none (BKN today):

- `selectors`: who may invite, for which agencies (Instansi.wilayah inside the inviter's region;
  national agencies for national staff only), and which invitations they see;
- `services`: the invitation (an inactive account with its role and agency), the e-mail (the row is
  its own outbox: the worker makes the single-use token when it sends and keeps only its HMAC), a
  re-send, a revocation, the acceptance (password, then the second factor), each audited;
- `views`: the public page of the link, `/akun/undangan/<token>/`, which trades the token for the
  session and leads to `/akun/undangan/` where the password is set;
- `sinyal.peninjau_bergabung`: sent when an invitee accepts; pengaduan tells the new reviewer of
  the cases already forwarded to the agency (akun never imports pengaduan).
"""
