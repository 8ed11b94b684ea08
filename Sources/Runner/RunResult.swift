import NotebookFormat

/// The version folio reports (`--version`, `manifest.json`).
package enum FolioVersion {
    package static let current = "0.1.0"
}

/// How one notebook's run ended.
package struct NotebookRun: Sendable {
    package enum Status: String, Sendable {
        /// Every cell ran.
        case ok
        /// The notebook did not load or did not pass the static checks: nothing ran.
        case invalid
        /// A cell failed (or timed out); the report was still written.
        case failed
    }

    /// The notebook path as given.
    package var path: String
    package var status: Status
    /// Where its outputs went (as given/derived, relative to the current directory).
    package var outputFolder: String?
    package var cells: [CellRun]
    /// Load, check, run and output-writing problems, in the order found.
    package var diagnostics: [Diagnostic]
    /// The text of every file a diagnostic may point into, for excerpts and carets.
    package var sources: SourceFiles
    /// Wall time of the whole notebook, in milliseconds.
    package var durationMilliseconds: Double
    /// Every file the run read or tried to read (the notebook, its data), as absolute
    /// paths: what `folio watch` polls.
    package var inputPaths: [String] = []
    /// With `--matrix`: the set's folder name (its slug).
    package var set: String?

    package init(path: String, status: Status, outputFolder: String?, cells: [CellRun], diagnostics: [Diagnostic],
                sources: SourceFiles, durationMilliseconds: Double) {
        self.path = path
        self.status = status
        self.outputFolder = outputFolder
        self.cells = cells
        self.diagnostics = diagnostics
        self.sources = sources
        self.durationMilliseconds = durationMilliseconds
    }
}

package struct CellRun: Sendable {
    package enum Status: String, Sendable {
        case ok, error, skipped
        case notRun = "not-run"
    }

    package var id: String
    package var kind: CellKind
    package var status: Status
    package var durationMilliseconds: Double
    package var error: Diagnostic?
    /// `expect: error`: the error the cell failed with, as it should.
    package var expectedError: Diagnostic?
    package var skipReason: String?
    /// With `--cache`: the outputs came from the cache, the cell did not run.
    package var cached = false
    /// With `--cache`, for a code cell that ran or was restored: `hit`, or why it ran
    /// (`code changed`, `parameter changed: growth`, …).
    package var cache: String?

    package static let cacheHit = "hit"

    package init(id: String, kind: CellKind, status: Status, durationMilliseconds: Double, error: Diagnostic? = nil, skipReason: String? = nil) {
        self.id = id
        self.kind = kind
        self.status = status
        self.durationMilliseconds = durationMilliseconds
        self.error = error
        self.skipReason = skipReason
    }
}

/// What a run reports while it works, for progress lines.
package enum RunEvent: Sendable {
    case notebookStarted(path: String, cellCount: Int)
    case cellStarted(path: String, index: Int, cellCount: Int, id: String)
    case notebookFinished(NotebookRun)
}
