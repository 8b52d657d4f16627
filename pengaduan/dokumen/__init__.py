"""The forms of the law as documents (issue 14): the laporan form (Formulir Model B.1, or the Pilkada
form), the receipt of submission and the status notice, each drawn from the case as PDF bytes, A4,
under the letterhead of the office. No template engine and no browser: reportlab lays them out
(`dasar`), one module per document says what it holds.

Who may have which document is decided by the callers (the staff views in `triase.dokumen`, the
reporter's download on /lacak/); what goes in is decided here, from the selectors of each
audience: the status notice is drawn only from what the reporter's own page reads."""
