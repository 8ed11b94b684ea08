import ArgumentParser
import NotebookFormat

// The wording of every error the command line itself reports (see `Diagnostic.Message`).

extension Diagnostic.Message {
    /// `folio new NAME` (exit status 2).
    static func notebookExists(_ path: String) -> Self {
        "\(path) already exists; choose another name"
    }

    static func cannotWriteNotebook(_ path: String) -> Self {
        "cannot write \(path)"
    }

    /// `folio preview --port N` (exit status 2).
    static func portOutOfRange(_ port: Int) -> Self {
        "--port \(port) is out of range: a port is 1 to 65535 (0 for any free port)"
    }

    static func portInUse(_ port: Int) -> Self {
        "port \(port) on 127.0.0.1 is in use; stop the program using it or choose another with --port N"
    }

    static func cannotStartPreview(_ problem: String) -> Self {
        "cannot start the preview server: \(problem)"
    }

    static var previewServerStopped: Self {
        "the preview server (folio-preview) stopped"
    }
}

/// Options argument-parser reports as usage errors (exit status 2, with the usage text).
extension ValidationError {
    static let badTimeout = ValidationError("--timeout must be a positive number of seconds")
    static let badJobs = ValidationError("--jobs must be at least 1")
    static let noFormat = ValidationError("--format names no format")

    static func badMemoryLimit(_ text: String) -> Self {
        ValidationError("--memory-limit takes a size such as 512M or 4G, or `none`; got `\(text)`")
    }

    static func unknownFormat(_ name: String) -> Self {
        ValidationError("unknown format `\(name)` in --format (use html, csv, json, ipynb, pdf)")
    }

    static func unknownPaper(_ text: String) -> Self {
        ValidationError("unknown paper size `\(text)` in --paper (use a4 or letter)")
    }

    static let paperWithoutPDF = ValidationError("--paper sets the PDF's page size: add --format pdf")

    static func badShard(_ text: String) -> Self {
        ValidationError("--shard takes I/N with 1 ≤ I ≤ N (the first of four is 1/4); got `\(text)`")
    }

    static func badParameterOption(_ text: String) -> Self {
        ValidationError("-p expects name=value, got `\(text)`")
    }
}
