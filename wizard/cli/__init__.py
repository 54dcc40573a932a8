"""The command line (``validate``, ``process``, ``export``, ``check``, ``read-id``). May import every part;
no part of ``wizard`` imports it."""
