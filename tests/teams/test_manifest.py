"""The Teams app package, read back from the zip as Teams would read it."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib

import pytest

from bot.teams.manifest import manifest, write_app_package
from learning.settings import load_settings
from tests.teams.fakes import APP_ID


def read_png(data: bytes) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    """Width, height and every RGBA pixel of an unfiltered 8-bit RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, position = {}, 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        assert struct.unpack(">I", data[position + 8 + length:position + 12 + length])[0] == \
            zlib.crc32(kind + body) & 0xFFFFFFFF
        chunks[kind] = chunks.get(kind, b"") + body
        position += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour_type) == (8, 6)
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = 1 + width * 4
    pixels = []
    for y in range(height):
        row = raw[y * stride:(y + 1) * stride]
        assert row[0] == 0
        pixels.extend(tuple(row[1 + x * 4:5 + x * 4]) for x in range(width))
    return width, height, pixels


@pytest.fixture
def package(settings, tmp_path):
    path = write_app_package(settings, tmp_path / "out" / "learnloop-teams.zip")
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        yield archive


def test_the_package_holds_the_manifest_and_two_icons(package):
    assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]


def test_the_manifest_names_the_configured_app_as_the_bot(package):
    manifest = json.loads(package.read("manifest.json"))

    assert manifest["id"] == APP_ID
    assert [bot["botId"] for bot in manifest["bots"]] == [APP_ID]
    assert set(manifest["bots"][0]["scopes"]) == {"personal", "team"}
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert manifest["validDomains"] == ["learnloop.riverside.example"]
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["description"]["short"]) <= 80
    assert manifest["manifestVersion"] in manifest["$schema"]


def test_the_colour_icon_is_192_pixels_square_and_in_colour(package):
    width, height, pixels = read_png(package.read("color.png"))

    assert (width, height) == (192, 192)
    assert len({pixel[:3] for pixel in pixels}) >= 2 and all(p[3] == 255 for p in pixels)


def test_the_outline_icon_is_32_pixels_white_on_transparent(package):
    width, height, pixels = read_png(package.read("outline.png"))

    assert (width, height) == (32, 32)
    assert set(pixels) == {(255, 255, 255, 255), (0, 0, 0, 0)}


def test_without_an_app_id_there_is_no_package(settings, tmp_path):
    from dataclasses import replace

    with pytest.raises(ValueError, match="MICROSOFT_APP_ID"):
        write_app_package(replace(settings, microsoft_app_id=None), tmp_path / "x.zip")


def test_the_manifest_is_valid_by_the_official_teams_schema_for_its_version(
        package, microsoft_validators):
    written = json.loads(package.read("manifest.json"))

    assert microsoft_validators.manifest_problems(written) == []
    # The schema can fail: it refuses an app id that is not a GUID.
    assert any("/id" in problem for problem in
               microsoft_validators.manifest_problems({**written, "id": "learnloop-bot"}))


def test_an_app_id_that_is_not_a_guid_makes_no_package(settings, tmp_path):
    from dataclasses import replace

    with pytest.raises(ValueError, match="GUID"):
        write_app_package(replace(settings, microsoft_app_id="learnloop-bot"), tmp_path / "x.zip")


def test_a_long_partnership_name_is_shortened_at_a_word(settings):
    from dataclasses import replace

    long = replace(settings, partnership_name="Riverside and Northshire Safeguarding Children "
                                              "Partnership for Young People and Families " * 2)
    written = manifest(long)

    assert written["developer"]["name"] == "Riverside and Northshire"
    assert len(written["name"]["full"]) <= 100 and written["name"]["full"].endswith(" LearnLoop")


def test_without_a_partnership_name_the_app_is_called_learnloop_once(environ):
    unnamed = load_settings({k: v for k, v in environ.items() if k != "PARTNERSHIP_NAME"})

    assert manifest(unnamed)["name"] == {"short": "LearnLoop", "full": "LearnLoop"}
