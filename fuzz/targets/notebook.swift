// Whole notebooks, as `folio run --keep-going --format html,csv,json,ipynb` would run them
// (without touching the disk): load, check, run every cell (0.2 s and 256 MiB each),
// build the report and every output file in memory. Invariants: never crash; nothing
// executable in index.html, the SVG files or the ipynb (Tests/RunnerTests/HTMLSafety.swift,
// compiled into this target); the report has one <style> and one CSP.
import NotebookFormat
@testable import Language
@testable import Render
@testable import Runner

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNotebook(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let source = SourceFile(path: "fuzz.yaml", bytes: bytes(data, size))
    guard let notebook = try? NotebookLoader.load(source) else { return 0 }
    onBigStack {
        let compilation = Language.compile(notebook)
        guard !compilation.hasErrors else { return }
        let interpreter = Interpreter(program: compilation.program)
        for parameter in notebook.params { interpreter.setGlobal(parameter.name, Value(parameter.value)) }
        var cells: [ReportCell] = []
        for (index, cell) in notebook.cells.enumerated() {
            let control = ExecutionControl(timeLimit: 0.2, memoryLimit: 256 << 20)
            do throws(Diagnostic) {
                switch cell.kind {
                case .markdown:
                    cells.append(ReportBuilder.cell(cell, status: .ok, markdown: try interpreter.renderInline(cell: index, control: control, host: NoFileAccess()).pieces))
                case .code:
                    cells.append(ReportBuilder.cell(cell, status: .ok, outputs: try interpreter.runCell(index, control: control, host: NoFileAccess())))
                }
            } catch {
                cells.append(ReportBuilder.cell(cell, status: .error, error: error))
            }
        }
        let report = ReportBuilder.report(notebook: notebook, parameters: notebook.params.map { ($0.name, $0.value) }, cells: cells)
        let options = RenderOptions(formats: [.html, .csv, .json, .ipynb], folioVersion: "fuzz")
        for file in ReportFiles.files(for: report, options: options) {
            let text = String(decoding: file.bytes, as: UTF8.self)
            if file.path == "index.html" {
                let findings = HTMLSafety.findings(in: text, allowing: ["style", "meta"])
                if !findings.isEmpty { violated("executable HTML in the report: \(findings)") }
                if text.components(separatedBy: "<style").count != 2 || text.components(separatedBy: "http-equiv").count != 2 {
                    violated("the report has extra <style> or http-equiv")
                }
            } else if file.path.hasSuffix(".svg") {
                let findings = HTMLSafety.findings(in: text)
                if !findings.isEmpty { violated("executable SVG in \(file.path): \(findings)") }
            }
        }
    }
    return 0
}
