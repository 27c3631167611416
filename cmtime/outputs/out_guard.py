"""What ``cmtime share`` may write over in ``--out``, and what a killed run left behind.

- Never a file of the user's. A share run lists the files it wrote in ``--out`` in a
  hidden manifest (`MANIFEST`); a later run replaces only files listed there. A regular
  file of the same name that is not listed (the user's own ``summary.csv`` or
  ``report.html``) stops the run before anything is moved in: `ForeignFiles`, exit 2.
  Files of other names are left alone; a symlink in the way is replaced, never followed.
- Nothing left behind. A run stages its files in ``.<out>.<pid>.<random>.tmp`` beside
  ``--out``; a run killed before it cleans up leaves that folder, and the next run to the
  same ``--out`` removes every such folder whose process is gone.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from cmtime.errors import InputError

__all__ = ["MANIFEST", "ForeignFiles", "claim", "clear_stale", "staging_prefix"]

#: The list of files a share run wrote in ``--out``, one name a line.
MANIFEST = ".cmtime-share"
#: A manifest bigger than this is not ours: nothing in it is trusted.
_MAX_MANIFEST = 64 * 1024


class ForeignFiles(InputError):
    """``--out`` holds files of the names a report writes that cmtime did not write."""


def staging_prefix(out: Path) -> str:
    """The staging folder's prefix: the process id lets a later run see it was killed."""
    return f".{out.name}.{os.getpid()}."


def clear_stale(out: Path) -> list[Path]:
    """Remove the staging folders beside ``out`` whose run is gone; return them."""
    parent = out.parent
    if not parent.is_dir():
        return []
    pattern = re.compile(rf"^\.{re.escape(out.name)}\.(\d+)\.[^/]*\.tmp$")
    removed = []
    for path in parent.iterdir():
        m = pattern.match(path.name)
        if m is None or path.is_symlink() or not path.is_dir() or _alive(int(m[1])):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process, or no such number: not ours to judge
    return True


def _listed(out: Path) -> set[str]:
    path = out / MANIFEST
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > _MAX_MANIFEST:
            return set()
        return {line for line in path.read_text(encoding="utf-8").splitlines() if line and "/" not in line}
    except (OSError, UnicodeDecodeError):
        return set()


def claim(out: Path, staging: Path, names: Iterable[str]) -> None:
    """Check that every file of ``names`` already in ``out`` was written by cmtime, then
    write the manifest (the files listed before and still there, and ``names``) into
    ``staging``, to be moved in with the report.

    Raises
    ------
    ForeignFiles
        Naming the files in the way, when any is a regular file the manifest does not list.
    """
    names = list(names)
    listed = _listed(out) if out.is_dir() and not out.is_symlink() else set()
    foreign = sorted(
        n for n in names if n not in listed and (out / n).is_file() and not (out / n).is_symlink()
    )
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        msg = (
            f"--out {out} already holds {shown}, which cmtime did not write: nothing was replaced; "
            "move them or choose another folder for the report"
        )
        raise ForeignFiles(msg)
    kept = {n for n in listed if (out / n).exists()}
    (staging / MANIFEST).write_text("".join(f"{n}\n" for n in sorted(kept | set(names))), encoding="utf-8")
