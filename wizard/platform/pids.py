"""Is a process still running? Asked by crash recovery (is the program that had a draft open
gone?) and by export clean-up (is the export that left a temporary folder gone?)."""

from __future__ import annotations

import os
import sys


def pid_alive(pid: object) -> bool:
    """True while a process with this id exists (this process included)."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if handle:
            ctypes.windll.kernel32.CloseHandle(handle)
        return bool(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True
