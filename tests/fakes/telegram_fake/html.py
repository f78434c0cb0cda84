"""Telegram-flavoured HTML (``parse_mode=HTML``) into plain text + entities, and UTF-16 lengths.

Telegram measures entity offsets and lengths in UTF-16 code units (``utf16_len``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["HtmlParseError", "parse_html", "strip_entities", "utf16_len"]


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


class HtmlParseError(ValueError):
    pass


_TAG_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]{0,31}));")
_ATTR_NAME_RE = re.compile(r"[A-Za-z_][-A-Za-z0-9_:.]*")
_UNQUOTED_RE = re.compile(r"[^\s>]+")


@dataclass
class _OpenTag:
    name: str
    offset: int
    attrs: dict[str, str]
    language: str | None = None


def _decode_entities(source: str, base: int, full: str) -> str:
    """Unescape ``source`` (a part of ``full`` starting at ``base``) strictly: a bare ``&`` is an error."""
    out: list[str] = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch != "&":
            out.append(ch)
            i += 1
            continue
        pos = len(full[: base + i].encode())
        m = _ENTITY_RE.match(source, i)
        if m is None:
            raise HtmlParseError(f"bare '&' at byte offset {pos}; escape it as &amp;")
        dec, hexa, name = m.groups()
        if name is not None:
            if name not in _NAMED_ENTITIES:
                raise HtmlParseError(f'unsupported HTML entity "&{name};" at byte offset {pos}')
            out.append(_NAMED_ENTITIES[name])
        else:
            code = int(dec) if dec is not None else int(hexa, 16)
            if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise HtmlParseError(f"invalid numeric HTML entity at byte offset {pos}")
            out.append(chr(code))
        i = m.end()
    return "".join(out)


def _parse_start_tag(source: str, begin: int) -> tuple[str, dict[str, str], int]:
    """Parse ``<name attr="v" ...>`` starting at ``begin``; return (name, attrs, index after '>')."""
    n = len(source)
    pos = len(source[:begin].encode())
    j = begin + 1
    while j < n and not source[j].isspace() and source[j] != ">":
        j += 1
    if j >= n:
        raise HtmlParseError(f"Unclosed start tag at byte offset {pos}")
    name = source[begin + 1 : j].lower()
    if name not in _TAG_ENTITY:
        raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {pos}')
    attrs: dict[str, str] = {}
    k = j
    while True:
        while k < n and source[k].isspace():
            k += 1
        if k >= n:
            raise HtmlParseError(f"Unclosed start tag at byte offset {pos}")
        if source[k] == ">":
            return name, attrs, k + 1
        m = _ATTR_NAME_RE.match(source, k)
        if m is None:
            raise HtmlParseError(f'Expected an attribute name in the tag "{name}" at byte offset {pos}')
        attr = m.group(0).lower()
        k = m.end()
        while k < n and source[k].isspace():
            k += 1
        value = ""
        if k < n and source[k] == "=":
            k += 1
            while k < n and source[k].isspace():
                k += 1
            if k >= n:
                raise HtmlParseError(f"Unclosed start tag at byte offset {pos}")
            if source[k] in "\"'":
                end = source.find(source[k], k + 1)
                if end < 0:
                    raise HtmlParseError(f"Unclosed start tag at byte offset {pos}")
                value = _decode_entities(source[k + 1 : end], k + 1, source)
                k = end + 1
            else:
                um = _UNQUOTED_RE.match(source, k)
                if um is None:
                    raise HtmlParseError(f"Unclosed start tag at byte offset {pos}")
                value = _decode_entities(um.group(0), k, source)
                k = um.end()
        attrs[attr] = value


def _validate_tag(name: str, attrs: dict[str, str], pos: int) -> None:
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" (byte offset {pos})')
    if name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
        raise HtmlParseError(f'Tag "tg-emoji" must have a numeric "emoji-id" attribute (byte offset {pos})')


def _close_tag(tag: _OpenTag, end: int, stack: list[_OpenTag]) -> dict[str, Any] | None:
    if tag.name == "code" and stack and stack[-1].name == "pre":
        stack[-1].language = stack[-1].language or tag.language  # <pre><code class="language-x">
        return None
    length = end - tag.offset
    if length <= 0:
        return None
    entity: dict[str, Any] = {"type": _TAG_ENTITY[tag.name], "offset": tag.offset, "length": length}
    if tag.name == "a":
        href = tag.attrs.get("href", "")
        if not href:
            return None
        entity["url"] = href
    elif tag.name == "pre" and tag.language:
        entity["language"] = tag.language
    elif tag.name == "blockquote" and "expandable" in tag.attrs:
        entity["type"] = "expandable_blockquote"
    elif tag.name == "tg-emoji":
        entity["custom_emoji_id"] = tag.attrs["emoji-id"]
    return entity


def strip_entities(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Telegram trims leading/trailing whitespace of message texts; entities are clipped accordingly."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    total = utf16_len(stripped)
    out: list[dict[str, Any]] = []
    for ent in entities:
        start = max(ent["offset"] - lead, 0)
        stop = min(ent["offset"] + ent["length"] - lead, total)
        if stop > start:
            out.append({**ent, "offset": start, "length": stop - start})
    return stripped, out


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram-flavoured HTML into (plain text, entities) or raise HtmlParseError.

    Stricter than Telegram in one respect: a bare ``&`` that does not start one of the entities
    ``&lt; &gt; &amp; &quot; &#N; &#xN;`` is an error (Telegram would silently keep it as text).
    """
    out: list[str] = []
    offset = 0
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    i = 0
    n = len(source)
    while i < n:
        ch = source[i]
        if ch == "&":
            m = _ENTITY_RE.match(source, i)
            chunk = _decode_entities(m.group(0) if m else source[i], i, source)
            out.append(chunk)
            offset += utf16_len(chunk)
            i = m.end() if m else i + 1
            continue
        if ch != "<":
            out.append(ch)
            offset += 2 if ord(ch) > 0xFFFF else 1
            i += 1
            continue
        pos = len(source[:i].encode())
        if i + 1 < n and source[i + 1] == "/":
            j = source.find(">", i)
            if j < 0:
                raise HtmlParseError(f"Unclosed end tag at byte offset {pos}")
            name = source[i + 2 : j].strip().lower()
            if not stack:
                raise HtmlParseError(f"Unexpected end tag at byte offset {pos}")
            top = stack.pop()
            if name != top.name:
                raise HtmlParseError(
                    f'Unmatched end tag at byte offset {pos}, expected "</{top.name}>", found "</{name}>"'
                )
            entity = _close_tag(top, offset, stack)
            if entity is not None:
                entities.append(entity)
            i = j + 1
            continue
        name, attrs, i = _parse_start_tag(source, i)
        _validate_tag(name, attrs, pos)
        tag = _OpenTag(name=name, offset=offset, attrs=attrs)
        cls = attrs.get("class", "")
        if name == "code" and cls.startswith("language-") and len(cls) > len("language-"):
            tag.language = cls[len("language-") :]
        stack.append(tag)
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return strip_entities("".join(out), entities)
