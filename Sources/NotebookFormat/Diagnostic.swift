/// A place in a notebook's YAML file (or another input file, such as a CSV).
///
/// `line` and `column` are 1-based. The column counts Unicode scalars (characters as
/// a reader sees them), the unit libyaml uses for its marks and SPEC §6 asks for.
package struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var file: String
    package var line: Int
    package var column: Int

    package init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    package static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }

    package var description: String { "\(file):\(line):\(column)" }
}

/// The one diagnostic type every module reports with: a positioned message.
package struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Severity: String, Sendable {
        case error, warning, note
    }

    package var severity: Severity
    package var message: String
    /// Where the offending token, key or value starts. `nil` only for problems that
    /// have no place in any file (an unreadable notebook path is reported at line 1).
    package var location: SourceLocation?
    /// Further positioned remarks ("first defined here").
    package var notes: [Diagnostic]

    package init(_ severity: Severity = .error, _ message: String, at location: SourceLocation?, notes: [Diagnostic] = []) {
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
    }

    package static func error(_ message: String, at location: SourceLocation?, notes: [Diagnostic] = []) -> Diagnostic {
        Diagnostic(.error, message, at: location, notes: notes)
    }

    /// `FILE:LINE:COL: error: MESSAGE` without the source excerpt.
    package var description: String {
        if let location {
            return "\(location): \(severity.rawValue): \(message)"
        }
        return "\(severity.rawValue): \(message)"
    }
}

/// Several diagnostics thrown together: all static errors of a notebook are reported,
/// not only the first (SPEC §6).
package struct DiagnosticList: Error, Sendable, Equatable {
    package var diagnostics: [Diagnostic]

    package init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
