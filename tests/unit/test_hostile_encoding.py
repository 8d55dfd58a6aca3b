"""Issue 17, defect 8: UTF-8 with stray Latin-1 bytes, and single-byte labels that do not fit the bytes."""

from __future__ import annotations

import pytest

from storydesk.ingest.encoding import decode_bytes

JA = "東京都は火曜日、新しい防災計画を発表した。市民の安全を守るため、避難所の数を増やすという。" * 3


@pytest.mark.parametrize("declared", ["utf-8", None])
@pytest.mark.parametrize("meta", ["<meta charset='utf-8'>", ""])
def test_utf8_label_with_stray_latin1_bytes(declared: str | None, meta: str) -> None:
    data = f"<html><head>{meta}</head><body><p>Caf".encode() + b"\xe9 au lait, cr\xe8me br\xfbl\xe9e.</p>"
    text = decode_bytes(data, "page", declared=declared)
    assert "Café au lait, crème brûlée." in text


def test_mixed_real_utf8_and_stray_latin1() -> None:
    data = "Straße in Köln: ".encode() + "Café".encode("cp1252")
    assert decode_bytes(data, "page", declared="utf-8").endswith("Straße in Köln: Café")


@pytest.mark.parametrize("label", ["iso-8859-1", "windows-1252", "latin-1"])
def test_a_single_byte_label_on_shift_jis_is_not_trusted(label: str) -> None:
    data = f"<html><head><meta charset='{label}'></head><body><p>{JA}</p></body></html>".encode("shift_jis")
    assert JA in decode_bytes(data, "page", declared=label)


def test_utf8_mislabelled_as_latin1_is_read_as_utf8() -> None:
    data = "<p>Die Bürger von Köln stimmten für den Umbau.</p>".encode()
    assert "Bürger" in decode_bytes(data, "page", declared="iso-8859-1")


def test_a_real_latin1_page_still_decodes() -> None:
    data = "<p>Die Bürger von Köln stimmten für den Umbau des Bahnhofs.</p>".encode("latin-1")
    assert "Bürger von Köln" in decode_bytes(data, "page", declared="iso-8859-1")
    cyr = "<p>Городской совет проголосовал за новый мост через реку в среду вечером.</p>"
    assert "Городской совет" in decode_bytes(cyr.encode("cp1251"), "page", declared="windows-1251")
