"""Two-step login for staff on the portal's admin site (django-otp: an authenticator app's TOTP codes,
and one-time backup codes).

- `aturan`: who must use a second step, and whether this session has passed it;
- `services`: enrolment, verification (counted by django-axes with the passwords), backup codes,
  and the one audited reset that the admin page and `manage.py atur_ulang_2fa` share;
- `views`: the pages of the second step, mounted by the admin site (netralitas.admin_situs).
"""
