"""Data of the wizard (rule pack, message catalogue, templates, translations).

Installed as the package ``jzs_wizard_resources``; never import code from here.
Use :func:`wizard.platform.resources.resource_path` to find a file.
"""
