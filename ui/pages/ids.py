"""Page ids and the branching between them, from the rule pack's scenario matrix."""

from __future__ import annotations

from enum import IntEnum

from wizard.case.model import Case, Change, Slot
from wizard.case.rules import Need, RulePack


class PageId(IntEnum):
    START = 0  # 开始
    CHANGES = 1  # 选择修改类型
    BASIC = 2  # 基本信息
    CORRECTION = 3  # 修改信息
    PHOTO = 4  # 免冠证件照
    SIGNATURE = 5  # 手写签名
    ID_DOCS = 6  # 身份证明材料
    PROOF = 7  # 证明材料
    COMMITMENT = 8  # 个人承诺
    EXPORT = 9  # 检查并导出


# What each optional page is about; it is shown when the matrix allows any of it.
_SLOT_PAGES = {
    PageId.PHOTO: (Slot.PHOTO,),
    PageId.SIGNATURE: (Slot.SIGNATURE,),
    PageId.ID_DOCS: (Slot.ID_FRONT, Slot.ID_BACK, Slot.ID_HANDHELD),
    PageId.PROOF: (Slot.PROOF,),
}


def page_shown(page: PageId, case: Case, rules: RulePack) -> bool:
    changes: set[Change] = case.changes
    if page is PageId.CORRECTION:
        return rules.correction_need(changes) is not Need.FORBIDDEN
    slots = _SLOT_PAGES.get(page)
    if slots is not None:
        return any(rules.slot_need(changes, s) is not Need.FORBIDDEN for s in slots)
    return True


def next_page(current: PageId, case: Case, rules: RulePack) -> int:
    """The page after ``current`` for this case, or -1 after the last."""
    for page in PageId:
        if page > current and page_shown(page, case, rules):
            return int(page)
    return -1
