// How the report shows a table's columns: `format`. It sets one field of the columns'
// `ColumnDisplay` (Tabular); the table's data, its column names and its CSV are never
// changed. ReportModel's `ColumnView` reads the settings for Render.
import NotebookFormat
import Tabular

private func formatColumns(_ args: Arguments) throws(Diagnostic) -> Value {
    var t = try args.table(0)
    for (name, v, loc) in args.named {
        let index = try args.columnIndex(t, name, at: loc)
        switch v {
        case .null:
            t.display[index].format = nil
        case .string(let pattern):
            do throws(NumberPattern.SyntaxError) {
                _ = try NumberPattern(pattern)
            } catch {
                throw Diagnostic.error(.inBuiltin("format", .badPattern(pattern, error.message, column: name)), at: loc)
            }
            guard case .number = t.columns[index].storage else {
                throw Diagnostic.error("`format`: column `\(name)` holds \(t.columns[index].typeName)s; patterns format numbers", at: loc)
            }
            t.display[index].format = pattern
        default:
            throw Diagnostic.error("`format`: the pattern for `\(name)` must be a string (or null for the general format), not \(article(v.typeName))", at: loc)
        }
    }
    return .table(t)
}

let displayBuiltins: [Builtin] = [
    Builtin(name: "format", group: .tables, parameters: [p("t")], namedRest: p("col"),
            doc: "Sets how number columns are shown in the report (`col: \"#,##0.0\"`, patterns as for `fmt`; `null` restores the general format). "
                + "Values are unchanged: CSV files keep them raw.",
            examples: [("format(table(v: [0.25]), v: \"0.0%\").v", "[0.25]")]) { args throws(Diagnostic) in
        try formatColumns(args)
    },
]
