"""`meshpy lsp` over stdio, driven by the pygls language client: a real
server subprocess speaking JSON-RPC."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from lsprotocol import types as L
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

MAIN = """\
from Lib.Shapes import area, Shape
import Lib.Shapes

fn main() do
  let s = Circle(2)
  let total = area(s) + Shapes.perimeter(s)
  let words = String.split("a b", " ")
  println("${total} ${List.length(words)}")
end
"""

SHAPES = """\
pub type Shape do
  Circle(Int)
  Square(Int)
end

pub fn area(s :: Shape) -> Int do
  case s do
    Circle(r) -> 3 * r * r
    Square(a) -> a * a
  end
end

pub fn perimeter(s :: Shape) -> Int do
  case s do
    Circle(r) -> 6 * r
    Square(a) -> 4 * a
  end
end

fn helper() = 1
"""


def _project(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "lib").mkdir()
    main = tmp_path / "main.mpl"
    shapes = tmp_path / "lib" / "shapes.mpl"
    main.write_text(MAIN)
    shapes.write_text(SHAPES)
    return main, shapes


class Session:
    """A client connected to `python -m meshpy lsp`, collecting the
    diagnostics the server publishes. Each open/change/save/close makes the
    server publish once per file of the project (`files`)."""

    def __init__(self, files: int):
        self.client = LanguageClient("meshpy-tests", "1")
        self.diagnostics: dict[str, list[L.Diagnostic]] = {}
        self.files = files
        self.count = 0
        self.arrived = asyncio.Condition()

        @self.client.feature(L.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        async def on_diagnostics(params: L.PublishDiagnosticsParams):
            self.diagnostics[params.uri] = params.diagnostics
            async with self.arrived:
                self.count += 1
                self.arrived.notify_all()

    async def start(self, root: Path):
        await self.client.start_io(sys.executable, "-m", "meshpy", "lsp")
        result = await self.client.initialize_async(L.InitializeParams(
            capabilities=L.ClientCapabilities(), root_uri=from_fs_path(str(root))))
        self.client.initialized(L.InitializedParams())
        return result

    async def open(self, path: Path, text: str | None = None, version: int = 1):
        await self.expect(lambda: self.client.text_document_did_open(L.DidOpenTextDocumentParams(
            text_document=L.TextDocumentItem(uri=from_fs_path(str(path)), language_id="mesh", version=version,
                                             text=path.read_text() if text is None else text))))

    async def change(self, path: Path, text: str, version: int):
        await self.expect(lambda: self.client.text_document_did_change(L.DidChangeTextDocumentParams(
            text_document=L.VersionedTextDocumentIdentifier(uri=from_fs_path(str(path)), version=version),
            content_changes=[L.TextDocumentContentChangeWholeDocument(text=text)])))

    async def expect(self, send):
        """Send a notification and wait for the diagnostics it causes."""
        target = self.count + self.files
        send()
        async with self.arrived:
            await asyncio.wait_for(self.arrived.wait_for(lambda: self.count >= target), 60)

    async def stop(self):
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


def _pos(line: int, character: int) -> L.Position:
    return L.Position(line=line, character=character)


def _doc(path: Path) -> L.TextDocumentIdentifier:
    return L.TextDocumentIdentifier(uri=from_fs_path(str(path)))


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 180))


def test_a_session_answers_every_request(tmp_path):
    main, shapes = _project(tmp_path)

    async def session():
        s = Session(files=2)
        init = await s.start(tmp_path)
        caps = init.capabilities
        assert caps.hover_provider and caps.definition_provider and caps.document_symbol_provider
        assert "." in caps.completion_provider.trigger_characters
        try:
            await s.open(main)
            assert list(s.diagnostics[from_fs_path(str(main))]) == []

            # hover: a variable, a function from another module, a stdlib function
            h = await s.client.text_document_hover_async(L.HoverParams(_doc(main), _pos(4, 6)))
            assert "s :: Lib.Shapes.Shape" in h.contents.value
            h = await s.client.text_document_hover_async(L.HoverParams(_doc(main), _pos(5, 16)))
            assert "fn Lib.Shapes.area :: Fun(Lib.Shapes.Shape) -> Int" in h.contents.value
            h = await s.client.text_document_hover_async(L.HoverParams(_doc(main), _pos(6, 24)))
            assert "fn String.split :: Fun(String, String) -> List<String>" in h.contents.value
            h = await s.client.text_document_hover_async(L.HoverParams(_doc(main), _pos(5, 8)))
            assert "total :: Int" in h.contents.value

            # definition across modules: `perimeter` in Shapes.perimeter(s), and a local
            d = await s.client.text_document_definition_async(L.DefinitionParams(_doc(main), _pos(5, 33)))
            assert d.uri == from_fs_path(str(shapes))
            assert (d.range.start.line, d.range.start.character) == (12, 7)
            d = await s.client.text_document_definition_async(L.DefinitionParams(_doc(main), _pos(5, 20)))
            assert d.uri == from_fs_path(str(main)) and d.range.start.line == 4

            # document symbols of the other module, nested
            syms = await s.client.text_document_document_symbol_async(L.DocumentSymbolParams(_doc(shapes)))
            by_name = {x.name: x for x in syms}
            assert set(by_name) == {"Shape", "area", "perimeter", "helper"}
            assert by_name["Shape"].kind == L.SymbolKind.Enum
            assert [c.name for c in by_name["Shape"].children] == ["Circle", "Square"]
            assert by_name["area"].selection_range.start.line == 5

            # completion after `Mod.`: a user module (public members only) and the stdlib
            edited = MAIN.replace('  let words = String.split("a b", " ")\n',
                                  '  let words = String.split("a b", " ")\n  Shapes.\n  List.\n')
            await s.change(main, edited, 2)
            c = await s.client.text_document_completion_async(L.CompletionParams(_doc(main), _pos(7, 9)))
            labels = {i.label for i in c.items}
            assert {"area", "perimeter", "Shape"} <= labels and "helper" not in labels
            c = await s.client.text_document_completion_async(L.CompletionParams(_doc(main), _pos(8, 7)))
            assert {"map", "filter", "length"} <= {i.label for i in c.items}
        finally:
            await s.stop()

    run(session())


def test_diagnostics_follow_changes_and_reach_other_modules(tmp_path):
    main, shapes = _project(tmp_path)

    async def session():
        s = Session(files=2)
        await s.start(tmp_path)
        try:
            await s.open(main)
            assert list(s.diagnostics[from_fs_path(str(main))]) == []

            # a type error in the unsaved buffer
            await s.change(main, MAIN.replace("area(s) +", 'area(s) + "x" +'), 2)
            [diag] = s.diagnostics[from_fs_path(str(main))]
            assert diag.severity == L.DiagnosticSeverity.Error and diag.code == "E0001"
            assert diag.range.start.line == 5

            # a syntax error, then fixed again
            await s.change(main, MAIN.replace("let total =", "let total = ("), 3)
            [diag] = s.diagnostics[from_fs_path(str(main))]
            assert diag.code == "P0001"
            await s.change(main, MAIN, 4)
            assert list(s.diagnostics[from_fs_path(str(main))]) == []

            # formatting the buffer: one edit with `meshpy fmt`'s text
            await s.change(main, MAIN.replace("  let s = Circle(2)", "let s=Circle( 2 )"), 5)
            [edit] = await s.client.text_document_formatting_async(L.DocumentFormattingParams(
                _doc(main), L.FormattingOptions(tab_size=2, insert_spaces=True)))
            assert edit.new_text == MAIN and edit.range.start == _pos(0, 0)

            # an error in another module, opened in the editor but not saved
            await s.open(shapes, SHAPES.replace("3 * r * r", '3 * r * "r"'), 1)
            [diag] = s.diagnostics[from_fs_path(str(shapes))]
            assert diag.code == "E0001" and diag.range.start.line == 7
        finally:
            await s.stop()

    run(session())


ACCOUNTS = """\
struct Account do
  owner :: String
  balance :: Int
end

fn deposit(acc :: Account, n :: Int) -> Account do
  Account { owner: acc.owner, balance: acc.balance + n }
end

fn main() do
  let a = deposit(Account { owner: "ann", balance: 1 }, 2)
  println("${a.owner} ${a.balance}")
  println("${Bank.total(Bank.start())}")
end

service Bank do
  fn init() -> Int do
    0
  end

  call Total() :: Int do |n|
    (n, n)
  end
end
"""


def test_a_single_file_fields_declarations_save_and_close(tmp_path):
    # No main.mpl above the file: it is checked on its own.
    path = tmp_path / "accounts.mpl"
    path.write_text(ACCOUNTS)

    async def session():
        s = Session(files=1)
        await s.start(tmp_path)
        uri = from_fs_path(str(path))
        try:
            await s.open(path)
            assert list(s.diagnostics[uri]) == []

            # a field access: its type, and the field's declaration
            h = await s.client.text_document_hover_async(L.HoverParams(_doc(path), _pos(11, 27)))
            assert "balance :: Int" in h.contents.value
            d = await s.client.text_document_definition_async(L.DefinitionParams(_doc(path), _pos(11, 27)))
            assert (d.range.start.line, d.range.start.character) == (2, 2)
            # hover on a declaration's own name: its signature
            h = await s.client.text_document_hover_async(L.HoverParams(_doc(path), _pos(5, 5)))
            assert "deposit :: Fun(Main.Account, Int) -> Main.Account" in h.contents.value
            # the struct name in a literal leads to the struct
            d = await s.client.text_document_definition_async(L.DefinitionParams(_doc(path), _pos(10, 20)))
            assert d.range.start.line == 0

            # a field's declaration
            h = await s.client.text_document_hover_async(L.HoverParams(_doc(path), _pos(1, 3)))
            assert "Account.owner :: String" in h.contents.value
            # a type name: the struct it names, and where
            h = await s.client.text_document_hover_async(L.HoverParams(_doc(path), _pos(5, 19)))
            assert "struct Main.Account { owner :: String, balance :: Int }" in h.contents.value
            d = await s.client.text_document_definition_async(L.DefinitionParams(_doc(path), _pos(5, 19)))
            assert (d.range.start.line, d.range.start.character) == (0, 7)
            # a service's client function, and its handler
            call_at = _pos(12, ACCOUNTS.splitlines()[12].index("total") + 1)
            h = await s.client.text_document_hover_async(L.HoverParams(_doc(path), call_at))
            assert "call Bank.total :: Fun(Pid) -> Int" in h.contents.value
            d = await s.client.text_document_definition_async(L.DefinitionParams(_doc(path), call_at))
            assert d.range.start.line == ACCOUNTS.splitlines().index("  call Total() :: Int do |n|")

            # completion of a service's client functions
            c = await s.client.text_document_completion_async(L.CompletionParams(_doc(path), _pos(12, 18)))
            assert [i.label for i in c.items] == ["start", "total"]

            # edit without saving: an error; save it; close it: the disk counts again
            broken = ACCOUNTS.replace("acc.balance + n", "acc.balance + acc.owner")
            await s.change(path, broken, 2)
            assert [x.code for x in s.diagnostics[uri]] == ["E0001"]
            path.write_text(broken)
            await s.expect(lambda: s.client.text_document_did_save(L.DidSaveTextDocumentParams(_doc(path))))
            assert [x.code for x in s.diagnostics[uri]] == ["E0001"]
            path.write_text(ACCOUNTS)
            await s.expect(lambda: s.client.text_document_did_close(L.DidCloseTextDocumentParams(_doc(path))))
            assert list(s.diagnostics[uri]) == []
        finally:
            await s.stop()

    run(session())
