"""Places, visits, interviews, field notes, attachments and findings: creating, changing, reading and searching them."""
