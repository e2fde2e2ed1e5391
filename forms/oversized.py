"""Reading a form that arrived larger than the app accepts, so its answers can be shown again.

Flask refuses a body over MAX_CONTENT_LENGTH before reading it. A reporter who pasted a whole
case file into "What happened" (the browser's limit can be bypassed, or an old browser ignore
it) should get their form back with the text cut to the limit, not a bare "413" page. This
reads the body in chunks, keeping at most `keep` characters of each field, so memory stays
small whatever arrives; a body over `read_at_most` bytes is not read at all.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_to_bytes

from werkzeug.datastructures import MultiDict

_CHUNK = 64 * 1024
# A character is at most 4 bytes of UTF-8, each written as %XX in a form body.
_ENCODED_PER_CHARACTER = 12


def oversized_form(environ: dict[str, Any], *, keep: int,
                   read_at_most: int) -> MultiDict[str, str] | None:
    """The form's fields, each cut to `keep` characters; None if it cannot be read."""
    if not environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        return None
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if not 0 < length <= read_at_most:
        return None
    pairs = _pairs(environ["wsgi.input"], length, keep * _ENCODED_PER_CHARACTER)
    form: MultiDict[str, str] = MultiDict()
    for pair in pairs:
        name, _, value = pair.partition(b"=")
        if name:
            form.add(_decoded(name)[:100], _decoded(value)[:keep])
    return form


def _pairs(stream: Any, length: int, keep_bytes: int) -> list[bytes]:
    """The body's name=value pairs, each cut to `keep_bytes`, read a chunk at a time."""
    pairs: list[bytes] = []
    current = bytearray()
    remaining = length
    while remaining > 0:
        chunk = stream.read(min(_CHUNK, remaining))
        if not chunk:
            break
        remaining -= len(chunk)
        for index, piece in enumerate(chunk.split(b"&")):
            if index:
                pairs.append(bytes(current))
                current = bytearray()
            if len(current) < keep_bytes:
                current += piece[:keep_bytes - len(current)]
    pairs.append(bytes(current))
    return pairs


def _decoded(encoded: bytes) -> str:
    # A cut in the middle of a character only loses that character.
    return unquote_to_bytes(encoded.replace(b"+", b" ")).decode("utf-8", "ignore")
