"""Image engines: one safe loader, per-slot processing, the face and person models, and the byte-budget
encoder. Imports only ``wizard.platform`` and ``wizard.case``."""
