// The wording of every diagnostic NotebookFormat raises (see `Diagnostic.Message`), and
// the few that other modules share.

extension Diagnostic.Message {
    // MARK: shared

    /// An input folio could not open: `cannot read `data.csv`: no such file …`.
    package static func cannotRead(_ path: String, _ problem: String) -> Self {
        "cannot read `\(path)`: \(problem)"
    }

    /// A file that exists but cannot be opened for reading.
    package static func unreadable(_ path: String) -> Self {
        .cannotRead(path, unreadableProblem)
    }

    static let unreadableProblem = "permission denied or unreadable"
}
