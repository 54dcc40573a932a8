"""Reading an ID card: OCR, the card's text, the cross-check against the form, the ``read-id`` report.
Imports ``wizard.platform``, ``wizard.case`` and ``wizard.imaging`` (to load the picture)."""
