import Language
import NotebookFormat

/// `folio check`: every problem of a notebook at once, nothing run. The format's errors,
/// the language errors of every cell that can still be located (a format error elsewhere
/// does not hide them), and the `data:` files: each is opened and its header read, so a
/// missing file or a column in no header (where a data table is used directly,
/// `Language.checkColumns`) is found before a run.
package struct NotebookCheck: Sendable {
    package let path: String
    package let diagnostics: [Diagnostic]
    package let sources: SourceFiles
    /// What was checked, for the line printed on success.
    package let cellCount: Int
    package let dataCount: Int

    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    init(path: String, allowRead: [String] = []) {
        self.path = path
        var sources = SourceFiles()
        let load = NotebookLoader.loadForCheck(path: path, sources: &sources)
        self.sources = sources
        var diagnostics = load.diagnostics
        cellCount = load.notebook?.cells.count ?? 0
        dataCount = load.notebook?.data.count ?? 0
        if let notebook = load.notebook {
            // A problem the format check already reported at a place (a name clash in the
            // header) is not reported again by the language check.
            let reported = Set(load.diagnostics.compactMap(\.location))
            diagnostics += Language.check(notebook).diagnostics.filter { $0.location.map { !reported.contains($0) } ?? true }
            let folder = Paths.parent(notebook.file)
            let sandbox = FileSandbox(notebookFolder: folder.isEmpty ? "." : folder, allowRead: allowRead)
            let host = NotebookHost(notebook: notebook, allowRead: allowRead, memoryLimit: RunOptions.defaultMemoryLimit, timeLimit: .seconds(60))
            var headers: [String: [String]] = [:]
            // A path refused by the format check (empty) is kept by name only.
            for source in notebook.data where !source.path.isEmpty {
                do throws(Diagnostic) {
                    if let columns = try DataHeader.columns(of: source, sandbox: sandbox, host: host) { headers[source.name] = columns }
                } catch {
                    diagnostics.append(error)
                }
            }
            diagnostics += Language.checkColumns(notebook, headers: headers)
            if load.cellsLeftOut > 0 {
                diagnostics.append(Diagnostic(.note, .cellsLeftOutOfLanguageChecks(load.cellsLeftOut),
                                              at: SourceLocation(file: notebook.file, line: 1, column: 1)))
            }
        }
        self.diagnostics = diagnostics.sortedByLocation()
    }
}
