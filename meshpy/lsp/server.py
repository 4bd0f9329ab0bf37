"""`meshpy lsp`: a language server (pygls) for Mesh, on stdin/stdout.

Every open, change or save of a `.mpl` document re-checks the project that
holds it (the nearest folder above it with main.mpl, else the file alone),
with the editor's unsaved buffers in place of the files on disk, and
publishes the diagnostics of every file of that project. Hover, definition,
symbols and completion are answered from the latest analysis (query.py).
Features: docs/editor.md.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Optional

from lsprotocol import types as L
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..ast import Span
from ..diagnostics import Diagnostic
from . import query
from .analysis import Analysis, analyse, project_root

_SYMBOL_KINDS = {
    "function": L.SymbolKind.Function, "struct": L.SymbolKind.Struct, "enum": L.SymbolKind.Enum,
    "field": L.SymbolKind.Field, "variant": L.SymbolKind.EnumMember, "alias": L.SymbolKind.TypeParameter,
    "interface": L.SymbolKind.Interface, "impl": L.SymbolKind.Class, "method": L.SymbolKind.Method,
    "service": L.SymbolKind.Class, "actor": L.SymbolKind.Function, "supervisor": L.SymbolKind.Object,
    "module": L.SymbolKind.Module,
}
_COMPLETION_KINDS = {
    "function": L.CompletionItemKind.Function, "struct": L.CompletionItemKind.Struct,
    "enum": L.CompletionItemKind.Enum, "service": L.CompletionItemKind.Class,
    "actor": L.CompletionItemKind.Function, "supervisor": L.CompletionItemKind.Class,
}
# `Mod.` or `Mod.Sub.` then the start of a member name, just before the cursor.
_QUALIFIER = re.compile(r"([A-Z][\w]*(?:\.[A-Z][\w]*)*)\.(\w*)$")


class MeshServer(LanguageServer):
    def __init__(self):
        super().__init__("meshpy", __version__)
        self.analyses: dict[str, Analysis] = {}  # project root -> latest analysis
        self.published: dict[str, set] = {}  # project root -> uris given diagnostics

    def overlay(self) -> dict[str, str]:
        """The editor's open documents, by file path."""
        out = {}
        for uri, doc in self.workspace.text_documents.items():
            path = to_fs_path(uri)
            if path and path.endswith(".mpl"):
                out[os.path.abspath(path)] = doc.source
        return out

    def refresh(self, uri: str) -> None:
        fs_path = to_fs_path(uri)
        if not fs_path or not fs_path.endswith(".mpl"):
            return  # an unsaved "untitled:" buffer or another language
        path = os.path.abspath(fs_path)
        root, _ = project_root(path)
        analysis = analyse(path, self.overlay())
        previous = self.analyses.get(root)
        if analysis.program is None and previous is not None and previous.program is not None:
            # Keep the last checked program for completion while the text is
            # broken (typing `Mod.` is a syntax error), but the new diagnostics.
            analysis.last_program = previous.program
        self.analyses[root] = analysis
        self.publish(root, analysis)

    def publish(self, root: str, analysis: Analysis) -> None:
        sent = set()
        for path, diags in analysis.diagnostics_by_file().items():
            uri = from_fs_path(path)
            sent.add(uri)
            self.text_document_publish_diagnostics(
                L.PublishDiagnosticsParams(uri=uri, diagnostics=[_diagnostic(d) for d in diags]))
        for uri in self.published.get(root, set()) - sent:
            self.text_document_publish_diagnostics(L.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        self.published[root] = sent

    def analysis_for(self, uri: str) -> tuple[Optional[Analysis], str]:
        fs_path = to_fs_path(uri)
        if not fs_path or not fs_path.endswith(".mpl"):
            return None, ""
        path = os.path.abspath(fs_path)
        root, _ = project_root(path)
        if root not in self.analyses:
            self.refresh(uri)
        return self.analyses.get(root), path


server = MeshServer()


def _range(span: Span) -> L.Range:
    start = L.Position(line=max(span.line - 1, 0), character=max(span.col - 1, 0))
    end_line, end_col = span.end_line, span.end_col
    if (end_line, end_col) <= (span.line, span.col):
        end_line, end_col = span.line, span.col + 1
    return L.Range(start=start, end=L.Position(line=end_line - 1, character=max(end_col - 1, 0)))


def _diagnostic(d: Diagnostic) -> L.Diagnostic:
    span = d.span or Span("", 1, 1, 1, 1)
    message = d.message
    for note in d.notes:
        message += f"\nnote: {note.message}"
    if d.help:
        message += f"\nhelp: {d.help}"
    severity = L.DiagnosticSeverity.Error if d.is_error else L.DiagnosticSeverity.Warning
    return L.Diagnostic(range=_range(span), message=message, severity=severity, code=d.code, source="meshpy")


@server.feature(L.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: MeshServer, params: L.DidOpenTextDocumentParams):
    ls.refresh(params.text_document.uri)


@server.feature(L.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: MeshServer, params: L.DidChangeTextDocumentParams):
    ls.refresh(params.text_document.uri)


@server.feature(L.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: MeshServer, params: L.DidSaveTextDocumentParams):
    ls.refresh(params.text_document.uri)


@server.feature(L.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: MeshServer, params: L.DidCloseTextDocumentParams):
    ls.refresh(params.text_document.uri)  # the file on disk counts again


@server.feature(L.TEXT_DOCUMENT_HOVER)
def hover(ls: MeshServer, params: L.HoverParams) -> Optional[L.Hover]:
    analysis, path = ls.analysis_for(params.text_document.uri)
    if analysis is None:
        return None
    text = query.hover(analysis, path, params.position.line + 1, params.position.character + 1)
    if text is None:
        return None
    return L.Hover(contents=L.MarkupContent(kind=L.MarkupKind.Markdown, value=f"```mesh\n{text}\n```"))


@server.feature(L.TEXT_DOCUMENT_DEFINITION)
def definition(ls: MeshServer, params: L.DefinitionParams) -> Optional[L.Location]:
    analysis, path = ls.analysis_for(params.text_document.uri)
    if analysis is None:
        return None
    span = query.definition(analysis, path, params.position.line + 1, params.position.character + 1)
    if span is None:
        return None
    return L.Location(uri=from_fs_path(os.path.abspath(span.file)), range=_range(span))


@server.feature(L.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbol(ls: MeshServer, params: L.DocumentSymbolParams) -> list[L.DocumentSymbol]:
    analysis, path = ls.analysis_for(params.text_document.uri)
    module = analysis.module_for(path) if analysis is not None else None
    if module is None:
        return []
    return [_symbol(s) for s in query.symbols(module)]


def _symbol(s: query.Symbol) -> L.DocumentSymbol:
    return L.DocumentSymbol(
        name=s.name, kind=_SYMBOL_KINDS.get(s.kind, L.SymbolKind.Variable), range=_range(s.span),
        selection_range=_range(s.selection), detail=s.detail or None,
        children=[_symbol(c) for c in s.children] or None)


@server.feature(L.TEXT_DOCUMENT_COMPLETION, L.CompletionOptions(trigger_characters=["."]))
def completion(ls: MeshServer, params: L.CompletionParams) -> L.CompletionList:
    uri = params.text_document.uri
    doc = ls.workspace.get_text_document(uri)
    items: list[L.CompletionItem] = []
    lines = doc.lines
    line = lines[params.position.line] if params.position.line < len(lines) else ""
    m = _QUALIFIER.search(line[:params.position.character])
    if m:
        analysis, path = ls.analysis_for(uri)
        members = query.module_members(analysis, path, m.group(1))
        items = [L.CompletionItem(label=c.label, kind=_COMPLETION_KINDS.get(c.kind), detail=c.detail or None)
                 for c in members if c.label.startswith(m.group(2))]
    return L.CompletionList(is_incomplete=False, items=items)


@server.feature(L.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: MeshServer, params: L.DocumentFormattingParams) -> Optional[list[L.TextEdit]]:
    """`meshpy fmt` on the buffer: one edit replacing the whole text, or none
    when the text has a syntax error (its diagnostics are already shown)."""
    from ..fmt.command import format_text

    doc = ls.workspace.get_text_document(params.text_document.uri)
    outcome = format_text(to_fs_path(params.text_document.uri), doc.source)
    if outcome.formatted is None or not outcome.changed:
        return None if outcome.formatted is None else []
    end = L.Position(line=len(doc.lines), character=0)
    return [L.TextEdit(range=L.Range(start=L.Position(line=0, character=0), end=end), new_text=outcome.formatted)]


def main() -> int:
    server.start_io()
    return 0


if __name__ == "__main__":
    sys.exit(main())
