"""Reports taken by staff: a report received at a Panwascam or Bawaslu office (in person, by phone,
letter, e-mail or social media), an anonymous tip, or a pengawas's own finding, entered in the admin
on the reporter's behalf with the fields of Formulir Model B.1 (forms, services, the admin's pages)."""
