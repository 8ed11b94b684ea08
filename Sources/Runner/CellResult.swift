import Language
import NotebookFormat
import Render
import ReportModel

/// What became of one cell of a run. The run's summary (`CellRun`, for the console and
/// `--json`) and the report's cell (`ReportCell`) are both derived from this one value,
/// so the two lists cannot disagree about a cell.
struct CellResult {
    enum Outcome {
        /// It ran: a Markdown cell's evaluated pieces, or a code cell's outputs
        /// (`cached`: restored by `--cache`, not run).
        case ran(markdown: [MarkdownPiece], outputs: [CellOutput], cached: Bool)
        case failed(Diagnostic)
        /// A cell with `expect: error` failed, as it should: the run passes.
        case failedAsExpected(Diagnostic)
        case skipped(reason: String)
        /// An earlier cell failed without `--keep-going`.
        case notRun
    }

    let cell: Cell
    let outcome: Outcome
    /// Wall time in milliseconds; 0 for a cell that did not run.
    var durationMilliseconds: Double = 0
    /// How the report shows the Markdown source of a cell that did not run or failed
    /// (`NotebookExecution.unrenderedMarkdown`); empty for code cells.
    var unrendered: [MarkdownPiece] = []
    /// With `--cache`, for a code cell: `hit` or why it ran.
    var cacheReason: String?

    var status: CellRun.Status {
        switch outcome {
        case .ran, .failedAsExpected: .ok
        case .failed: .error
        case .skipped: .skipped
        case .notRun: .notRun
        }
    }

    var run: CellRun {
        var run = CellRun(id: cell.id, kind: cell.kind, status: status, durationMilliseconds: durationMilliseconds)
        run.cache = cacheReason
        switch outcome {
        case .ran(_, _, let cached): run.cached = cached
        case .failed(let error): run.error = error
        case .failedAsExpected(let error): run.expectedError = error
        case .skipped(let reason): run.skipReason = reason
        case .notRun: break
        }
        return run
    }

    var reportCell: ReportCell {
        switch outcome {
        case .ran(let markdown, let outputs, _):
            ReportBuilder.cell(cell, status: .ok, markdown: markdown, outputs: outputs)
        case .failed(let error):
            ReportBuilder.cell(cell, status: .error, markdown: unrendered, error: error)
        case .failedAsExpected(let error):
            ReportBuilder.cell(cell, status: .ok, error: error, errorExpected: true)
        case .skipped(let reason):
            ReportBuilder.cell(cell, status: .skipped, markdown: unrendered, skipReason: reason)
        case .notRun:
            ReportBuilder.cell(cell, status: .notRun, markdown: unrendered)
        }
    }
}
