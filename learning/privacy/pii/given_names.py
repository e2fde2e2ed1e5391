"""Known given names, read from the first-name lists that ship with Faker (MIT licence).

Faker's person providers hold national first-name lists for some eighty locales, drawn
largely from official statistics. Importing those modules would cost about 25 MB (they carry
surnames, titles and more), so we read only the `first_names*` literals out of their source
files, once, on first use: about 8 MB and 0.4 s per worker, and nothing fetched at run time.
"""

from __future__ import annotations

import ast
import importlib.util
import unicodedata
from functools import cache
from pathlib import Path


def is_given_name(word: str) -> bool:
    """True when `word` ("Ellie", "Chloë", "Lily-Mae") is, or is made of, known given names."""
    parts = _fold(word).split("-")
    return all(part in known_given_names() for part in parts if part)


@cache
def known_given_names() -> frozenset[str]:
    spec = importlib.util.find_spec("faker")
    if spec is None or spec.origin is None:  # a declared dependency: fail loudly, not quietly
        raise RuntimeError("the PII guard needs Faker's first-name lists (pip install faker)")
    root = Path(spec.origin).parent / "providers" / "person"
    names: set[str] = set()
    for source in sorted(root.glob("*/__init__.py")):
        names.update(_first_names_in(source.read_text(encoding="utf-8")))
    return frozenset(_fold(name) for name in names if len(name) >= 2)


def _first_names_in(source: str) -> set[str]:
    found: set[str] = set()
    for node in ast.parse(source).body:
        for statement in node.body if isinstance(node, ast.ClassDef) else [node]:
            if _assigns_first_names(statement):
                found.update(constant.value for constant in ast.walk(statement.value)
                             if isinstance(constant, ast.Constant)
                             and isinstance(constant.value, str))
    return found


def _assigns_first_names(statement: ast.stmt) -> bool:
    targets = (statement.targets if isinstance(statement, ast.Assign)
               else [statement.target] if isinstance(statement, ast.AnnAssign) else [])
    return any(isinstance(t, ast.Name) and t.id.startswith("first_names") for t in targets)


def _fold(word: str) -> str:
    """Lower case without accents, so "Chloë" in a report meets "Chloe" in a list."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
