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

    package init(_ severity: Severity = .error, _ message: Message, at location: SourceLocation?, notes: [Diagnostic] = []) {
        self.init(severity, message.text, at: location, notes: notes)
    }

    package static func error(_ message: String, at location: SourceLocation?, notes: [Diagnostic] = []) -> Diagnostic {
        Diagnostic(.error, message, at: location, notes: notes)
    }

    /// `.error(.duplicateKey(name), at: location)`: the wording comes from a named
    /// constructor in the raising module's `Messages.swift`.
    package static func error(_ message: Message, at location: SourceLocation?, notes: [Diagnostic] = []) -> Diagnostic {
        Diagnostic(.error, message.text, at: location, notes: notes)
    }

    package static func warning(_ message: Message, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.warning, message.text, at: location)
    }

    package static func note(_ message: Message, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.note, message.text, at: location)
    }

    /// `FILE:LINE:COL: error: MESSAGE` without the source excerpt.
    package var description: String {
        if let location {
            return "\(location): \(severity.rawValue): \(message)"
        }
        return "\(severity.rawValue): \(message)"
    }
}

extension Diagnostic {
    /// The wording of a diagnostic, apart from its place and severity. Each module names
    /// the messages it raises in its `Messages.swift`, as swift-format's rules extend
    /// `Finding.Message` (`.doNotForceUnwrap(name:)`), so that one wording has one
    /// definition however many places raise it:
    ///
    ///     extension Diagnostic.Message {
    ///         static func duplicateKey(_ key: String) -> Self { "duplicate key `\(key)`" }
    ///     }
    ///     problems.append(.error(.duplicateKey(name), at: location))
    package struct Message: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
        package var text: String

        package init(_ text: String) { self.text = text }
        package init(stringLiteral value: String) { text = value }
        package init(stringInterpolation: DefaultStringInterpolation) {
            text = String(stringInterpolation: stringInterpolation)
        }

        package var description: String { text }
    }
}

extension Sequence where Element == Diagnostic {
    /// In the order a reader meets them: by file, line and column; diagnostics without
    /// a place first. Stable: problems at the same place keep the order they were found in.
    package func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case (nil, nil): return a.offset < b.offset
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?): return x == y ? a.offset < b.offset : x < y
            }
        }.map(\.element)
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
