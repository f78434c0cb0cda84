"""Hostile input: what a person (or a script posing as one) can type or forge."""

from __future__ import annotations

import json

from hypothesis import strategies as st

TEXT_MAX = 4096  # Telegram's longest message
INT64 = 2**63

SAMPLES = [
    "NaN", "nan", "-NaN", "Infinity", "-Infinity", "inf", "-inf", "1e999", "-1e999", "1e-999",
    "9" * 400, "-" + "9" * 400, "0", "-0", "-1", "-999999999999", str(INT64), str(-INT64 - 1),
    "99999999999999999999", "0x1F", "1_000", "²", "١٢٣", "½", "1.2.3", "12,5,6", "∞",
    "\ud800", "a\udfffb", "\ud83d", "\u200b", "\u200e\u200f", "\u202e" + "gnp.exe", "\ufeff", "\u2028",
    " ", "\t", "\n\n", "\u00a0", "\u3000", "<b>x</b>", "<a href='javascript:1'>x</a>", "&amp;", "&",
    "</code>", "<pre>", "*bold* _it_ `code` [l](http://x)", "@everyone", "/start", "/", "\x00", "\x1b[31m",
    "null", "true", "[]", "{}", '{"a": NaN}', '{"a": Infinity}', '{"a": 1e999}', '{"a": ' + "9" * 5000 + "}",
    "[" * 5000 + "]" * 5000, '{"a":' * 3000 + "1" + "}" * 3000, json.dumps({"k" * 50: "v" * 3000}),
    json.dumps({f"k{i}": "v" * 40 for i in range(90)}), "x" * 4096, "😀" * 2048, "ж" * 4096,
    "US," * 1365, "US " + "ZZ" * 2000, "https://" + "a" * 4000, "http://[::1]/", "00:00", "24:60",
    "31.02.2026",
]  # fmt: skip


_REPEATED = ["9", "a", "ж", "😀", "<", "&", "[", " ", "\u200b", "US "]


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


_any_char = st.characters(codec=None, categories=None)
_weird = st.sampled_from(
    list(
        "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2069\ufeff\u0000"
        "\u0007\u001b\u007f\u0085\u00ad<>&\"'*_`[]()~|#+-=.!{}\\/ \t\n"
        "שלוםمرحباжЖ😀👍🏽\U0001f1fa\U0001f1f8"
    )
)


def hostile_text() -> st.SearchStrategy[str]:
    """Text a person can send: up to 4,096 characters of anything (a lone surrogate included)."""
    pieces = st.one_of(
        st.sampled_from(SAMPLES),
        st.text(alphabet=st.one_of(_any_char, _weird), max_size=60),
        st.builds(lambda c, n: c * n, st.sampled_from(_REPEATED), st.integers(1, TEXT_MAX)),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.integers(1, 6000).map(_nested),
        st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                     lambda inner: st.lists(inner, max_size=5)
                     | st.dictionaries(st.text(max_size=8), inner, max_size=5),
                     max_leaves=30).map(json.dumps),
    )  # fmt: skip
    return st.lists(pieces, min_size=1, max_size=3).map(lambda parts: _fit("".join(parts)))


def _fit(text: str) -> str:
    text = text[:TEXT_MAX]
    return text if text.strip() else text + "\u200b"  # Telegram delivers no empty message


CALLBACK_PART = st.one_of(
    st.sampled_from(["", "0", "-1", str(INT64), str(-INT64 - 1), "99999999999999999999", "NaN", "x",
                     "1e9", "\ud800", "٣", "²", ":", "|", "\x1d", " "]),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.text(max_size=10),
)  # fmt: skip
CALLBACK_SEPS = st.sampled_from([":", "\x1d", "|"])


def mutate(base: str, cut: int, parts: list[str], sep: str) -> str:
    """``base`` cut after its first ``cut + 1`` parts (split by ``sep``), ``parts`` added."""
    return fit64(sep.join([*base.split(sep)[: cut + 1], *parts]))


def forged_callback(prefixes: list[str]) -> st.SearchStrategy[str]:
    """callback_data up to 64 bytes: random, or a real prefix with mutated parts."""
    mutated = st.builds(
        mutate,
        st.sampled_from(prefixes or ["x"]),
        st.integers(0, 4),
        st.lists(CALLBACK_PART, max_size=4),
        CALLBACK_SEPS,
    )
    return st.one_of(mutated, st.sampled_from(prefixes or ["x"]), st.text(min_size=1, max_size=64)).map(fit64)


def fit64(data: str) -> str:
    raw = data.encode("utf-8", "surrogatepass")[:64]
    text = raw.decode("utf-8", "ignore")
    return text or "x"
