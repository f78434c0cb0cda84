"""The locale files as data for tests: every message's AST and the plain words it shows."""

from __future__ import annotations

import re
from functools import cache

from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from bot.i18n import LOCALES_DIR

__all__ = ["messages", "prose", "variables"]


@cache
def messages(lang: str) -> dict[str, ast.Message]:
    out: dict[str, ast.Message] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        junk = [e for e in resource.body if isinstance(e, ast.Junk)]
        assert not junk, f"{path}: syntax error near {(junk[0].content or '')[:80]!r}"
        out.update({e.id.name: e for e in resource.body if isinstance(e, ast.Message)})
    return out


def variables(message: ast.Message) -> set[str]:
    found: set[str] = set()

    class Names(Visitor):
        def visit_VariableReference(self, node: ast.VariableReference) -> None:
            found.add(node.id.name)

    Names().visit(message)
    return found


_CODE = re.compile(r"<code>.*?</code>|<pre>.*?</pre>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def prose(message: ast.Message) -> str:
    """The words a message shows, each variant on its own line; every placeable becomes ``{}``,
    and ``<code>`` spans (values the user types or copies) and tags are left out."""
    parts: list[str] = []

    class Words(Visitor):
        def visit_TextElement(self, node: ast.TextElement) -> None:
            parts.append(node.value)

        def visit_Placeable(self, node: ast.Placeable) -> None:
            if isinstance(node.expression, ast.SelectExpression):
                for variant in node.expression.variants:
                    parts.append("\n")
                    self.visit(variant.value)
                parts.append("\n")
            elif isinstance(node.expression, ast.StringLiteral):
                parts.append(node.expression.value)
            else:
                parts.append("{}")

    Words().visit(message.value)
    text = "".join(parts)
    return _TAG.sub("", _CODE.sub(" ", text))
