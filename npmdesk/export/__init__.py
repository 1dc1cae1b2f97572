"""Word (.docx) export: report content in, a clean Spanish document out (no Qt, no database)."""
