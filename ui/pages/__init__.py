"""One QWizardPage per step of the guide; page ids in :class:`ui.pages.ids.PageId`."""
