// The notebook loader: libyaml events → YAML tree → validated Notebook, plus the
// diagnostic renderer. Invariants: never crash; a failure has diagnostics; every
// position (diagnostics and the map from cell text back to the file) lies in the file.
import NotebookFormat

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let source = SourceFile(path: "fuzz.yaml", bytes: bytes(data, size))
    var sources = SourceFiles()
    sources.add(source)
    do {
        let notebook = try NotebookLoader.load(source)
        if notebook.cells.isEmpty { violated("a loaded notebook has no cells") }
        for cell in notebook.cells {
            var offset = 0
            for scalar in cell.source.text.unicodeScalars {
                let location = cell.source.location(utf8Offset: offset)
                if location.line < 1 || location.line > source.lineCount || location.column < 1 {
                    violated("cell \(cell.id) offset \(offset) maps to \(location), outside the file")
                }
                offset += String(scalar).utf8.count
            }
        }
        _ = DiagnosticRenderer(sources: sources).render(DiagnosticList(notebook.warnings))
    } catch {
        if error.diagnostics.isEmpty { violated("a load failure without diagnostics") }
        for diagnostic in error.diagnostics {
            guard let location = diagnostic.location else { violated("a diagnostic without a position: \(diagnostic)") }
            if location.line < 1 || location.line > source.lineCount + 1 || location.column < 1 {
                violated("diagnostic outside the file: \(diagnostic)")
            }
        }
        _ = DiagnosticRenderer(sources: sources).render(error)
    }
    return 0
}
