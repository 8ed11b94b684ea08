import NotebookFormat
import Render

/// `--json`: one JSON document on stdout, `{"notebooks": [...]}` (SPEC §6), for scripts
/// and CI. Durations are here (unlike the manifest) because this describes one run.
package enum RunSummary {
    package static func json(_ results: [NotebookRun]) -> String {
        JSON.object([("notebooks", .array(results.map(notebook)))]).serialized()
    }

    static func notebook(_ run: NotebookRun) -> JSON {
        var fields: [(String, JSON)] = [("path", .string(run.path))]
        if let set = run.set { fields.append(("set", .string(set))) }
        fields += [
            ("status", .string(run.status.rawValue)),
            ("output_folder", run.outputFolder.map { .string($0) } ?? .null),
            ("duration_ms", .number(rounded(run.durationMilliseconds))),
            ("cells", .array(run.cells.map(cell))),
            ("diagnostics", .array(run.diagnostics.map(diagnostic))),
        ]
        return .object(fields)
    }

    static func cell(_ cell: CellRun) -> JSON {
        var fields: [(String, JSON)] = [
            ("id", .string(cell.id)),
            ("kind", .string(cell.kind.rawValue)),
            ("status", .string(cell.status.rawValue)),
            ("duration_ms", .number(rounded(cell.durationMilliseconds))),
        ]
        if cell.cached { fields.append(("cached", .bool(true))) }
        if let reason = cell.cache { fields.append(("cache", .string(reason))) }
        if let error = cell.error { fields.append(("error", diagnostic(error))) }
        if let error = cell.expectedError { fields.append(("expected_error", diagnostic(error))) }
        if let reason = cell.skipReason { fields.append(("skip_reason", .string(reason))) }
        return .object(fields)
    }

    static func diagnostic(_ diagnostic: Diagnostic) -> JSON {
        var fields: [(String, JSON)] = [
            ("severity", .string(diagnostic.severity.rawValue)),
            ("message", .string(diagnostic.message)),
        ]
        if let location = diagnostic.location {
            fields += [("file", .string(location.file)), ("line", .number(Double(location.line))),
                       ("column", .number(Double(location.column)))]
        }
        return .object(fields)
    }

    /// Milliseconds to three decimals: microseconds are the most a reader can use.
    static func rounded(_ value: Double) -> Double {
        (value * 1000).rounded() / 1000
    }
}
