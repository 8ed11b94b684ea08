// How the report shows a table's columns: `format`, `label`, `hide`. Each sets one field
// of the columns' `ColumnDisplay` (Tabular); the table's data, its column names and
// its CSV are never changed. ReportModel's `ColumnView` reads the settings for Render.
import NotebookFormat
import Tabular

private func formatColumns(_ args: Arguments) throws(Diagnostic) -> Value {
    var t = try args.table(0)
    for (name, v, loc) in args.named {
        let index = try args.columnIndex(t, name, at: loc)
        switch v {
        case .null:
            t.display[index].format = nil
        case .string(let pattern) where formatsDates(t.columns[index], pattern):
            try checkDatePattern(pattern, column: name, holds: t.columns[index].typeName, at: loc)
            t.display[index].format = pattern
        case .string(let pattern):
            do throws(NumberPattern.SyntaxError) {
                _ = try NumberPattern(pattern)
            } catch {
                throw Diagnostic.error(.inBuiltin("format", .badPattern(pattern, error.message, column: name)), at: loc)
            }
            guard case .number = t.columns[index].storage else {
                throw Diagnostic.error(.inBuiltin("format", .patternForNonNumbers(name, holding: t.columns[index].typeName)), at: loc)
            }
            t.display[index].format = pattern
        default:
            throw Diagnostic.error(.inBuiltin("format", .patternType(name, v.typeName)), at: loc)
        }
    }
    return .table(t)
}

private func labelColumns(_ args: Arguments) throws(Diagnostic) -> Value {
    var t = try args.table(0)
    for (name, v, loc) in args.named {
        let index = try args.columnIndex(t, name, at: loc)
        switch v {
        case .null:
            t.display[index].label = nil
        case .string(let label):
            guard label.contains(where: { !$0.isWhitespace }) else {
                throw Diagnostic.error(.inBuiltin("label", .emptyLabel(name)), at: loc)
            }
            t.display[index].label = label
        default:
            throw Diagnostic.error(.inBuiltin("label", .labelType(name, v.typeName)), at: loc)
        }
    }
    return .table(t)
}

private func hideColumns(_ args: Arguments) throws(Diagnostic) -> Value {
    var t = try args.table(0)
    let hidden = try args.restNames()
    for c in hidden {
        t.display[try args.columnIndex(t, c.name, at: c.location)].hidden = true
    }
    // A report table with no column says nothing: refused where it would happen.
    if let last = hidden.last, !t.display.contains(where: { !$0.hidden }) {
        throw Diagnostic.error(.inBuiltin("hide", .hidesEveryColumn(t.names)), at: last.location)
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
    Builtin(name: "label", group: .tables, parameters: [p("t")], namedRest: p("col"),
            doc: "Sets the header the report shows for a column, in its table, in the ipynb and in the legend and description of a chart drawn from it (`col: \"Shown name\"`; "
                + "a column name with spaces is written as a string, `\"Per head\": \"Per head (US$)\"`; `null` restores the column's own name). "
                + "The column keeps its name: code and the CSV file use it. Table verbs carry the label with the column.",
            examples: [("columns(label(table(usd: [1.5]), usd: \"Spending (US$ bn)\"))", "[\"usd\"]"),
                       ("select(label(table(a: 1, b: 2), b: \"Per head\"), \"b\")", "label(table(b: [2]), b: \"Per head\")")]) { args throws(Diagnostic) in
        try labelColumns(args)
    },
    Builtin(name: "hide", group: .tables, parameters: [p("t")], variadic: p("col"),
            doc: "Keeps the named columns (names may also come as a list) out of the report's table and the ipynb's; "
                + "they stay in the table, its CSV file and results.json. Hiding every column is an error.",
            examples: [("columns(hide(table(a: 1, b: 2), \"b\"))", "[\"a\", \"b\"]"),
                       ("hide(table(a: 1, b: 2, c: 3), [\"b\", \"c\"])", "hide(table(a: [1], b: [2], c: [3]), \"b\", \"c\")")]) { args throws(Diagnostic) in
        try hideColumns(args)
    },
]
