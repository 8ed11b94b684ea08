// The language front end: lexer, parser, static checks and compilation of one code
// cell and one Markdown cell made of the input. Invariants: never crash; every
// diagnostic lies inside the cell's text.
import NotebookFormat
@testable import Language

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontEnd(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: bytes(data, size), as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
    func cell(_ k: Int, _ kind: CellKind) -> Cell {
        Cell(id: "c\(k)", kind: kind,
             source: SourceText(verbatim: text, file: "nb.yaml", line: 100 * k + 1, column: 5, continuationColumn: 5),
             location: SourceLocation(file: "nb.yaml", line: 100 * k, column: 3))
    }
    onBigStack {
        let notebook = Notebook(file: "nb.yaml", title: "t", cells: [cell(1, .code), cell(2, .markdown)])
        let compilation = Language.compile(notebook)
        for diagnostic in compilation.diagnostics {
            guard let location = diagnostic.location else { violated("no position: \(diagnostic)") }
            let first = location.line >= 201 ? 201 : 101
            if location.line < first || location.line > first + lines - 1 + 1 || location.column < 1 {
                violated("diagnostic outside the cell: \(diagnostic) (cell has \(lines) lines)")
            }
        }
    }
    return 0
}
