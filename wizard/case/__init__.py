"""The applicant's case and what is said about it: the case model, the rule pack, ID numbers, the
validator, findings and their messages, drafts. Imports only ``wizard.platform``."""
