#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Reads a notebook file (`docs/notebook-format.md`) into a validated `Notebook`.
///
/// Every problem a notebook has is collected and thrown together, sorted by position;
/// YAML syntax errors stop the reading (libyaml cannot go on after one), so they come
/// alone.
package enum NotebookLoader {
    /// Reads and validates the notebook at `path`. A missing or unreadable file is one
    /// diagnostic at `path:1:1`.
    package static func load(path: String) throws(DiagnosticList) -> Notebook {
        var sources = SourceFiles()
        return try load(path: path, sources: &sources)
    }

    /// As `load(path:)`, and adds the file's text to `sources` (whether it loads or
    /// not) so that a `DiagnosticRenderer` can show the offending lines.
    package static func load(path: String, sources: inout SourceFiles) throws(DiagnosticList) -> Notebook {
        let source = try read(path: path)
        sources.add(source)
        return try load(source)
    }

    /// Validates notebook bytes already read; `file` names them in diagnostics.
    package static func load(bytes: [UInt8], file: String) throws(DiagnosticList) -> Notebook {
        try load(SourceFile(path: file, bytes: bytes))
    }

    package static func load(_ source: SourceFile) throws(DiagnosticList) -> Notebook {
        let root: YAMLNode
        let problems: [Diagnostic]
        do {
            (root, problems) = try YAMLParser().parse(source)
        } catch {
            throw DiagnosticList([error])
        }
        var validator = NotebookValidator(source: source)
        validator.diagnostics = problems
        let notebook = validator.notebook(root)
        let errors = validator.diagnostics.sortedByLocation()
        guard let notebook, !errors.contains(where: { $0.severity == .error }) else {
            throw DiagnosticList(errors)
        }
        return notebook
    }

    /// The file's bytes as a `SourceFile`, or a diagnostic naming the file. Regular files
    /// only (symbolic links followed): a notebook that is a link to /dev/zero or a pipe,
    /// committed to a shared repository, would be read forever. The type is checked on
    /// the opened file, not on the path (`FileBytes.readRegularFile`).
    package static func read(path: String) throws(DiagnosticList) -> SourceFile {
        let at = SourceLocation(file: path, line: 1, column: 1)
        switch FileBytes.readRegularFile(at: path) {
        case .success(let bytes):
            return SourceFile(path: path, bytes: bytes)
        case .failure(let failure):
            let reason = switch failure {
            case .missing: "no such file"
            case .directory: "it is a directory"
            case .notRegular: "it is not a regular file (a pipe or a device)"
            case .tooLarge: "it is too large"
            case .unreadable: Diagnostic.Message.unreadableProblem
            }
            throw DiagnosticList([.error(.cannotReadNotebook(path, reason), at: at)])
        }
    }
}
