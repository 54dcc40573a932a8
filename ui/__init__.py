"""The PySide6 wizard. Holds no rules: every decision comes from ``wizard``."""
