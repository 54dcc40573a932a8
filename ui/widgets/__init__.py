"""Reusable widgets: the image slot, its preview with crop/corner handles, the findings list."""
