"""What a case holds that its chosen kinds of change forbid (the guide's 请不要…), and the case
without it.

An applicant who first chose 修改姓名或身份证号码, uploaded ID cards and then switched to
修改基本信息 holds attachments the new choice forbids; the pages that held them are no longer
shown. The wizard lists them and offers to remove them (with undo); ``validate`` reports each
as ``attachment.forbidden`` / ``field.forbidden``.
"""

from __future__ import annotations

from wizard.case.model import Case, Correction, Slot
from wizard.case.rules import Need, RulePack

CORRECTION_FIELDS = ("name", "id_number", "explanation")


def forbidden_content(case: Case, rules: RulePack) -> list[str]:
    """Paths of what the case holds but must not: ``attachments.<slot>`` and ``correction.<field>``."""
    held = case.attachments.present()
    found = [f"attachments.{slot.value}" for slot in Slot
             if slot in held and rules.slot_need(case.changes, slot) is Need.FORBIDDEN]
    if rules.correction_need(case.changes) is Need.FORBIDDEN:
        found += [f"correction.{name}" for name in CORRECTION_FIELDS if getattr(case.correction, name)]
    return found


def remove_forbidden(case: Case, rules: RulePack) -> None:
    """Take out of ``case`` everything :func:`forbidden_content` lists."""
    for path in forbidden_content(case, rules):
        head, _, name = path.partition(".")
        if head == "attachments":
            setattr(case.attachments, name, [] if name == Slot.PROOF.value else None)
        else:
            case.correction = case.correction.model_copy(update={name: ""})
    if not any(getattr(case.correction, name) for name in CORRECTION_FIELDS):
        case.correction = Correction()
