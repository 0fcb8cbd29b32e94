#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prepends an ID3v2.3 tag with a CTOC frame and CHAP frames (each with a TIT2
title, the second also with a WXXX link) to an MP3 made by the build, as podcast
editors (Hindenburg, Auphonic, Forecast) write them.

write-id3-chapters.py IN OUT START_MS:TITLE[:URL] ..."""

import struct
import sys


def frame(frame_id, body):
    return frame_id.encode("ascii") + struct.pack(">I", len(body)) + b"\0\0" + body


def text_frame(frame_id, text):
    # Encoding 3 is UTF-8 in ID3v2.4; v2.3 readers take 1 (UTF-16 with BOM).
    return frame(frame_id, b"\x01" + text.encode("utf-16") + b"\0\0")


def syncsafe(n):
    return bytes([(n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F])


def main():
    src, dst = sys.argv[1], sys.argv[2]
    chapters = []
    for spec in sys.argv[3:]:
        parts = spec.split(":", 2)
        chapters.append((int(parts[0]), parts[1], parts[2] if len(parts) > 2 else None))

    with open(src, "rb") as f:
        audio = f.read()
    # Drop an ID3v2 tag already there: one tag, ours.
    if audio[:3] == b"ID3":
        size = (audio[6] << 21) | (audio[7] << 14) | (audio[8] << 7) | audio[9]
        audio = audio[10 + size:]

    frames = b""
    ids = [("chp%d" % i).encode("ascii") for i in range(len(chapters))]
    frames += frame("CTOC", b"toc\0" + bytes([0x03, len(ids)]) + b"".join(i + b"\0" for i in ids))
    for i, (start, title, url) in enumerate(chapters):
        end = chapters[i + 1][0] if i + 1 < len(chapters) else start + 1000
        sub = text_frame("TIT2", title)
        if url:
            sub += frame("WXXX", b"\0\0" + url.encode("latin-1"))
        body = ids[i] + b"\0" + struct.pack(">IIII", start, end, 0xFFFFFFFF, 0xFFFFFFFF) + sub
        frames += frame("CHAP", body)
    frames += text_frame("TIT2", "Tone with chapters")

    header = b"ID3\x03\x00\x00" + syncsafe(len(frames))
    with open(dst, "wb") as f:
        f.write(header + frames + audio)


if __name__ == "__main__":
    main()
