"""The Teams app's two icons, drawn in code: a loop, on the accent colour and in outline.

Teams wants a 192x192 full-colour icon and a 32x32 outline icon that is white on
transparent. A PNG is small enough to write by hand, so no imaging library is needed.
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Callable

Pixel = tuple[int, int, int, int]
ACCENT = (0x1D, 0x70, 0xB8)
WHITE: Pixel = (255, 255, 255, 255)
CLEAR: Pixel = (0, 0, 0, 0)


def png(width: int, height: int, pixel: Callable[[int, int], Pixel]) -> bytes:
    """An 8-bit RGBA PNG, each row unfiltered."""
    rows = b"".join(b"\x00" + bytes(channel for x in range(width) for channel in pixel(x, y))
                    for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9))
            + chunk(b"IEND", b""))


def _on_loop(x: int, y: int, size: int) -> bool:
    centre = (size - 1) / 2
    distance = math.hypot(x - centre, y - centre)
    return 0.22 * size <= distance <= 0.36 * size


def colour_icon() -> bytes:
    return png(192, 192, lambda x, y: WHITE if _on_loop(x, y, 192) else (*ACCENT, 255))


def outline_icon() -> bytes:
    return png(32, 32, lambda x, y: WHITE if _on_loop(x, y, 32) else CLEAR)
