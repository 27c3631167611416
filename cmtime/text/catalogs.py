"""Keep the message catalogs in step, with Babel: ``make messages``.

The English catalog is the source: its ids are every message cmtime has (many ids are
built from data, ``alt.{chart}``, ``format.{reader}``, so no extractor can list them
all). The steps, each a Babel call:

1. **extract** the message ids written literally in the code (``message("…")``,
   ``label("…")``, ``say("…")``, ``text("…")``, each under its module's prefix) and fail
   on one the English catalog lacks;
2. **template**: write ``cmtime/locale/cmtime.pot`` from the English catalog, texts left
   empty (what ``pybabel update`` and translators start from);
3. ``pybabel update`` brings every language to the template's ids: new ids arrive
   untranslated (the English text shows until they are), removed ids become obsolete;
4. ``pybabel compile`` writes each ``.mo`` (`compiled` is the same compilation, for the
   test that keeps the committed ``.mo`` files exact).

Steps 1 and 2 are ``python -m cmtime.text.catalogs``.
"""

from __future__ import annotations

import ast
import io
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from cmtime.text.messages import DOMAIN, LOCALE_DIR, SOURCE_LANGUAGE

__all__ = ["compiled", "extract", "main", "missing_ids", "read", "template"]

#: The lookup functions whose first argument is a message id, by the module that defines
#: them, with the prefix they put before it.
LOOKUPS: dict[str, dict[str, str]] = {
    "cmtime.text.messages": {"message": "", "has_message": "", "template": ""},
    "cmtime.text.labels": {"label": ""},
    "cmtime.text.cli": {"say": "cli."},
    "cmtime.text.notebooks": {"say": "nb.", "text": "nb."},
    "cmtime.text.report": {"text": "report."},
}
_PACKAGE = Path(__file__).resolve().parent.parent
_REPO = _PACKAGE.parent


def _po(lang: str, root: Path = LOCALE_DIR) -> Path:
    return root / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(path: Path) -> Catalog:
    """A ``.po`` file as Babel reads it; a syntax error raises `babel.messages.pofile.PoFileError`."""
    with path.open("rb") as fp:
        return read_po(fp, locale=path.parent.parent.name, domain=DOMAIN, abort_invalid=True)


def compiled(path: Path) -> bytes:
    """The ``.mo`` that Babel compiles from the ``.po`` at ``path`` (what ``pybabel
    compile`` writes); a catalog with errors (``msgstr`` forms that do not match the
    ``Plural-Forms``, placeholders a translation changed) raises `ValueError`."""
    catalog = read(path)
    errors = [
        f"{path}:{message.lineno}: {message.id!r}: {error}"
        for message, problems in catalog.check()
        for error in problems
    ]
    if errors:
        raise ValueError("\n".join(errors))
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _lookups(tree: ast.Module, module: str) -> dict[str, str]:
    """The lookup functions a module calls by name: name -> prefix of its ids."""
    names = dict(LOOKUPS.get(module, {}))  # a module calling its own
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in LOOKUPS:
            for alias in node.names:
                prefix = LOOKUPS[node.module].get(alias.name)
                if prefix is not None:
                    names[alias.asname or alias.name] = prefix
    return names


def _literals(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):  # say("yes" if ok else "no", lang)
        return _literals(node.body) + _literals(node.orelse)
    return []


def extract(paths: list[Path] | None = None) -> Iterator[tuple[Path, int, str]]:
    """(file, line, message id) of every message id written literally in a call to a
    lookup function (`LOOKUPS`), in the package and the notebooks; ids built at run time
    (``f"col.{name}"``) are not seen."""
    if paths is None:
        paths = sorted(_PACKAGE.rglob("*.py")) + sorted((_REPO / "notebooks").glob("*.py"))
    for path in paths:
        tree = ast.parse(path.read_bytes(), filename=str(path))
        module = (
            ".".join(path.relative_to(_REPO).with_suffix("").parts)
            if path.is_relative_to(_REPO)
            else ""
        )
        names = _lookups(tree, module)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
                prefix = names.get(node.func.id)
                if prefix is not None:
                    for literal in _literals(node.args[0]):
                        yield path, node.lineno, prefix + literal


def missing_ids(paths: list[Path] | None = None) -> list[str]:
    """The message ids written in the code that the English catalog lacks."""
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in read(_po(SOURCE_LANGUAGE)) if m.id}
    return [
        f"{path}:{line}: {msgid!r}" for path, line, msgid in extract(paths) if msgid not in known
    ]


def template(root: Path = LOCALE_DIR) -> Path:
    """Write ``cmtime.pot``: the English catalog's ids, texts left empty."""
    source = read(_po(SOURCE_LANGUAGE, root))
    pot = Catalog(
        domain=DOMAIN,
        project=source.project,
        version=source.version,
        header_comment="# Message ids of cmtime (from the English catalog, `make messages`).\n#",
        creation_date=source.creation_date,
        fuzzy=False,
    )
    for message in source:
        if message.id:
            empty: str | tuple[str, ...] = (
                ("",) * source.num_plurals if isinstance(message.id, tuple) else ""
            )
            pot.add(
                message.id,
                empty,
                auto_comments=message.auto_comments,
                flags=message.flags,
                context=message.context,
            )
    path = root / f"{DOMAIN}.pot"
    with path.open("wb") as fp:
        write_po(fp, pot, sort_output=False, include_previous=False)
    return path


def main(argv: list[str] | None = None) -> int:
    """``python -m cmtime.text.catalogs``: check the ids of the code, write the template."""
    del argv
    missing = missing_ids()
    if missing:
        print("message ids missing from the English catalog:", *missing, sep="\n  ")  # noqa: T201
        return 1
    print(f"wrote {template()}")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
