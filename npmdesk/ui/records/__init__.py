"""The record forms (places, visits, interviews, field notes, attachments, findings), summaries and search."""
