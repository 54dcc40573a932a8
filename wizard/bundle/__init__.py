"""The bundle: export of the upload files, manifest, 填写内容 and 清单; reading a bundle back and ``check``.
Imports ``wizard.platform``, ``wizard.case``, ``wizard.imaging`` and ``wizard.idcard``."""
