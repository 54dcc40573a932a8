"""Image engines: one safe loader, per-slot processing, and the byte-budget encoder."""
