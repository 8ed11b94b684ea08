// The cell cache's entry files (read with --cache from beside the outputs, which a shared
// repository may hold): decode, then render whatever decoded through the report and every
// output file. Invariants: never crash; malformed files are refused, never trusted.
import NotebookFormat
@testable import Language
@testable import Render
@testable import Runner

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCache(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = bytes(data, size)
    onBigStack {
        // The input as an entry, and as one value (more of the fuzzer's bytes reach values).
        var outputs: [CellOutput] = []
        if let entry = try? CellCache.decodeEntry(input) {
            outputs = entry.outputs + entry.bound.map { .shown($0.value, caption: $0.name) }
        }
        if let value = try? ValueCodec.decode(input) { outputs.append(.shown(value, caption: nil)) }
        guard !outputs.isEmpty else { return }
        let cell = Cell(id: "c", kind: .code, source: SourceText(verbatim: "1", file: "nb.yaml"),
                        location: SourceLocation(file: "nb.yaml", line: 1, column: 1))
        let notebook = Notebook(file: "nb.yaml", title: "t", cells: [cell])
        let report = ReportBuilder.report(notebook: notebook, parameters: [], cells: [ReportBuilder.cell(cell, status: .ok, outputs: outputs)])
        for file in ReportFiles.files(for: report, options: RenderOptions(formats: [.html, .csv, .json, .ipynb], folioVersion: "fuzz")) {
            if file.path == "index.html" {
                let findings = HTMLSafety.findings(in: String(decoding: file.bytes, as: UTF8.self), allowing: ["style", "meta"])
                if !findings.isEmpty { violated("executable HTML from a cache file: \(findings)") }
            }
        }
    }
    return 0
}
