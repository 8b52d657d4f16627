"""Backup and restore (`manage.py cadangkan`, `manage.py pulihkan`) and the quarantine of files no
row points at. It reads every app's file fields through the app registry and imports neither app."""
