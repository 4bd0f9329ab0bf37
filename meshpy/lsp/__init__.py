"""`meshpy lsp`: the Mesh language server (docs/editor.md)."""
