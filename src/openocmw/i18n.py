"""Compile the gettext catalogues (.po to .mo) without GNU gettext on the machine.

Django reads .mo files; building them here keeps `make run` free of system packages.
"""

from __future__ import annotations

import ast
import struct
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"

# The languages of the interface, the letters and the explanations (settings.LANGUAGES).
INTERFACE_LANGUAGES = ("nl", "fr", "de")


def interface_language(code: str | None, default: str = "nl") -> str:
    """``nl``, ``fr`` or ``de`` for a language code such as ``de-be`` or ``fr``; else ``default``.

    The rules (`openocmw.rules`) give every text in these three languages; a page or a letter
    picks its text with this, so that German is never silently shown in Dutch.
    """
    base = (code or "").lower().replace("_", "-").split("-")[0]
    return base if base in INTERFACE_LANGUAGES else default


def _unquote(s: str) -> str:
    return ast.literal_eval(s)


def parse_po(text: str) -> dict[str, str]:
    """Parse a .po file into {msgid: msgstr}; contexts as 'ctx\\x04id'; plurals joined by NUL.

    Fuzzy entries are left out, as msgfmt does.
    """
    messages: dict[str, str] = {}
    entry: dict[str, list[str]] = {}
    key: str | None = None
    fuzzy = False

    def flush():
        nonlocal entry, fuzzy
        if "msgid" in entry and not fuzzy:
            msgid = "".join(entry["msgid"])
            if "msgid_plural" in entry:
                msgid += "\x00" + "".join(entry["msgid_plural"])
                forms = sorted(k for k in entry if k.startswith("msgstr["))
                msgstr = "\x00".join("".join(entry[k]) for k in forms)
            else:
                msgstr = "".join(entry.get("msgstr", []))
            if "msgctxt" in entry:
                msgid = "".join(entry["msgctxt"]) + "\x04" + msgid
            if msgstr.replace("\x00", "") or msgid == "":
                messages[msgid] = msgstr
        entry, fuzzy = {}, False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            key = None
            continue
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            if key is not None:
                entry[key].append(_unquote(line))
            continue
        word, _, rest = line.partition(" ")
        if word == "msgid" and "msgid" in entry:
            flush()
        key = word
        entry[key] = [_unquote(rest)]
    flush()
    return messages


def write_mo(messages: dict[str, str], path: Path) -> None:
    keys = sorted(messages)
    ids = b""
    strs = b""
    offsets = []
    for k in keys:
        kb, vb = k.encode(), messages[k].encode()
        offsets.append((len(ids), len(kb), len(strs), len(vb)))
        ids += kb + b"\x00"
        strs += vb + b"\x00"
    n = len(keys)
    keystart = 7 * 4 + 16 * n
    valuestart = keystart + len(ids)
    koffsets, voffsets = [], []
    for o1, l1, o2, l2 in offsets:
        koffsets += [l1, o1 + keystart]
        voffsets += [l2, o2 + valuestart]
    output = struct.pack("Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + n * 8, 0, 0)
    output += struct.pack(f"{len(koffsets)}i", *koffsets)
    output += struct.pack(f"{len(voffsets)}i", *voffsets)
    path.write_bytes(output + ids + strs)


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    done = []
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        write_mo(parse_po(po.read_text(encoding="utf-8")), mo)
        done.append(mo)
    return done
