"""建造师材料助手 (jzs-wizard): the domain layer.

Everything the program decides lives here, in pure Python: the case model, the rule
pack, the validator, the image engines, export and check. Nothing under ``wizard``
imports Qt; the GUI (``ui``) and the command line (``wizard.cli.main``) both call into it.
"""

__version__ = "0.1.0"
