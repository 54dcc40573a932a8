"""The whole command-line flow with the network made impossible: validate, process every slot,
read the ID card, export, check, all while creating a socket fails.

One socket creation is expected and allowed: importing urllib3 (pulled in by rapidocr) probes
whether the machine has IPv6 by binding a socket to ::1 (loopback, no traffic); with the
creation failing it answers "no IPv6" and goes on. Any other attempt fails the test."""

from __future__ import annotations

import json
import socket

import pytest
from PIL import Image

from ui.pdf import render_pdf
from wizard.case.model import Attachment, save_case
from wizard.cli.main import main

from .conftest import confirmed_for, make_case, shared_file
from .synthetic_handheld import handheld_photo


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            import traceback

            attempts.append((args, "".join(traceback.format_stack(limit=12))))
            raise OSError("network use is forbidden in this test")

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: NoSocket())
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append((a, "getaddrinfo")) or [])
    return attempts


def run(capsys, *argv):
    code = main(list(argv), pdf_renderer=render_pdf)
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_whole_flow_uses_no_network(no_network, tmp_path, capsys):
    testdata = shared_file("portrait").parent
    handheld = tmp_path / "手持.jpg"
    Image.fromarray(handheld_photo(testdata)).save(handheld, quality=92)
    sources = {
        "photo": shared_file("portrait", "plain_grey_bg_man_suit_halfbody.jpg"),
        "signature": shared_file("signature", "sig_clean_white_paper.jpg"),
        "id_front": shared_file("document", "specimen_idcard_flat_scan.jpg"),
        # Another picture: one file for both sides is an error (the reviewer returns it).
        "id_back": shared_file("document", "specimen_passport_roc_datapage_flat_scan.jpg"),
        "id_handheld": handheld,
        "proof": shared_file("document", "specimen_passport_angle_dark_bg_glare.jpg"),
    }
    for slot, source in sources.items():
        code, data = run(capsys, "process", "--slot", slot, str(source), "-o", str(tmp_path / f"{slot}.jpg"),
                         "--json")
        assert code == 0, (slot, data["findings"])
    code, _ = run(capsys, "read-id", str(tmp_path / "id_front.jpg"), "--side", "front", "--json")
    assert code in (0, 1)  # the specimen is not a Chinese card: what matters is that it ran offline
    case = make_case("name_or_id", tmp_path)
    for slot, source in sources.items():
        attachment = Attachment(source=str(source), confirmed=confirmed_for(slot))
        if slot == "proof":
            case.attachments.proof = [attachment]
        else:
            setattr(case.attachments, slot, attachment)
    path = save_case(case, tmp_path / "案件.json")
    assert run(capsys, "validate", str(path), "--json")[0] == 0
    code, data = run(capsys, "export", str(path), "-o", str(tmp_path / "out"), "--zip", "--json")
    assert code == 0, data["findings"]
    bundle = data["output"]
    assert run(capsys, "check", bundle, "--json")[0] == 0
    unexpected = [stack for _, stack in no_network if "_has_ipv6" not in stack]
    assert unexpected == []
