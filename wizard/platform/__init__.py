"""Small helpers every part leans on: atomic writes, process ids, masking of ID and phone numbers,
shipped resources and format sniffing. Imports nothing else of ``wizard``."""
