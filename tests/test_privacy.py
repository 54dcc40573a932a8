"""ID numbers and phone numbers never appear in full in logs or messages."""

from __future__ import annotations

import logging

from wizard.case.findings import error
from wizard.case.messages import render
from wizard.platform.privacy import MaskingFilter, mask_id, mask_phone, mask_text


def test_masks():
    assert mask_id("11010119900307123X") == "110101********123X"
    assert mask_phone("13812348000") == "138****8000"
    assert mask_text("号码 11010119900307123X，电话 13812348000。") == "号码 110101********123X，电话 138****8000。"


def test_log_records_are_masked(caplog):
    logger = logging.getLogger("jzs.test")
    logger.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO, logger="jzs.test"):
        logger.info("saving case of %s, phone %s", "11010119900307123X", "13812348000")
    assert "11010119900307123X" not in caplog.text and "13812348000" not in caplog.text
    assert "110101********123X" in caplog.text


def test_rendered_messages_are_masked(rules):
    finding = error("attachment.missing_file", "attachments.photo", file="/home/u/11010119900307123X.jpg")
    assert "11010119900307123X" not in render(finding, rules)
