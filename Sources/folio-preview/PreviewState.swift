import NotebookFormat

/// What the server shows, as `folio preview` (the process that runs the notebook) last
/// wrote it: a small state file, replaced atomically after each run. Its first line is
/// the number of finished runs; the rest, when not empty, is why the last run wrote no
/// report (its diagnostics, as printed).
package struct PreviewState: Sendable {
    package struct Snapshot: Sendable, Equatable {
        /// Finished runs so far: an open page waits for this to pass the number it was
        /// served with, then reloads itself.
        package var generation = 0
        /// Why the last run wrote no report, or `nil` when it wrote one (a failing cell
        /// is shown in the report itself).
        package var problem: String?

        package init(generation: Int = 0, problem: String? = nil) {
            self.generation = generation
            self.problem = problem
        }

        /// The state file's text.
        package var text: String { "\(generation)\n" + (problem ?? "") }

        package init(text: String) {
            let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            generation = lines.first.flatMap { Int($0) } ?? 0
            let rest = lines.count > 1 ? String(lines[1]) : ""
            problem = rest.isEmpty ? nil : rest
        }
    }

    /// The report's folder: the only folder served.
    package let folder: String
    /// The notebook as given, for the pages' titles.
    package let notebook: String
    /// The state file `folio preview` writes.
    package let stateFile: String

    package var snapshot: Snapshot {
        guard case .success(let bytes) = FileBytes.readRegularFile(at: stateFile, limit: 1 << 24) else { return Snapshot() }
        return Snapshot(text: String(decoding: bytes, as: UTF8.self))
    }
}
