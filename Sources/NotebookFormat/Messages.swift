import Suggestions

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

extension Diagnostic.Message {
    // MARK: reading the file

    static func cannotReadNotebook(_ path: String, _ problem: String) -> Self {
        "cannot read notebook `\(path)`: \(problem)"
    }

    /// A file with nothing to read: `how` is "is empty", "has no content (only comments)"…
    static func noNotebookContent(_ path: String, _ how: String) -> Self {
        "`\(path)` \(how): a notebook needs `folio: 1`, a `title` and `cells`"
    }

    static func outOfMemoryReading(_ path: String) -> Self {
        "out of memory while reading `\(path)`"
    }

    static func duplicateKey(_ key: String) -> Self { "duplicate key `\(key)`" }

    // MARK: keys

    /// `unknown key `captoin` in cell 3; did you mean `caption`?`, or the keys `known`
    /// when none is close. `context`: "at the top level", "in cell 3".
    static func unknownKey(_ name: String, in context: String, known: [String]) -> Self {
        var shown = name
        if shown.unicodeScalars.count > 40 { shown = String(shown.unicodeScalars.prefix(40)) + "…" }
        var message = "unknown key `\(shown)` \(context)"
        if name == "<<" {
            message += " (YAML merge keys are not supported)"
        } else if let suggestion = Suggestion.closest(to: name, in: known) {
            message += "; did you mean `\(suggestion)`?"
        } else {
            message += "; expected one of " + known.map { "`\($0)`" }.joined(separator: ", ")
        }
        return Self(message)
    }

    // MARK: values

    /// `on`: the field the tag is on (`title`, `the code of cell 2`); nil for a `-p` value.
    static func unsupportedTag(_ tag: String, on field: String? = nil) -> Self {
        Self("unsupported tag `\(tag)`" + (field.map { " on \($0)" } ?? ""))
    }

    static func notAString(_ field: String, found kind: String) -> Self {
        "\(field) must be a string, found \(kind)"
    }

    /// A parameter value YAML 1.1 would read as a bool (`yes`), read as a string. `field`:
    /// "parameter `flag`", "an element of parameter `flags`".
    static func boolLookingString(_ field: String, _ text: String, yaml11: Bool) -> Self {
        "\(field) is the string `\(text)` (YAML 1.1 would read a bool); write `\(yaml11)` for a bool, or quote it for a string"
    }

    /// `-p NAME=TEXT` whose value (or a list element, `text`) YAML 1.1 would read as a bool.
    package static func boolLookingOverride(_ name: String, option: String, _ text: String, yaml11: Bool) -> Self {
        Self("-p \(name)=\(option): `\(text)` is read as the string `\(text)` (YAML 1.1 would read a bool); "
            + "write `\(yaml11)` for a bool, or quote it for a string (`\"\(text)\"`)")
    }

    static func badCellLabel(_ label: String) -> Self {
        "cell label `\(label)` must be `fig-NAME` (a figure) or `tbl-NAME` (a table), NAME made of letters, digits, `-` and `_`"
    }

    static func undefinedFootnote(_ label: String) -> Self {
        "footnote `[^\(label)]` is never defined; add a line `[^\(label)]: …` to a markdown cell"
    }

    static func duplicateLabel(_ label: String) -> Self {
        "label `\(label)` is used by another cell; labels must be unique"
    }

    static func unknownReference(_ label: String, known: [String]) -> Self {
        let kind = label.hasPrefix("fig-") ? "figure" : "table"
        var text = "`@\(label)` refers to no \(kind): no cell has `label: \(label)`"
        if let close = Suggestion.closest(to: label, in: known) { text += "; did you mean `@\(close)`?" }
        return Diagnostic.Message(stringLiteral: text)
    }

    /// `title: ''` or only spaces: the report's `<title>` and heading would be empty.
    static var emptyTitle: Self {
        "`title` is empty; the report needs a title for its heading and its `<title>`"
    }

    static func missingKey(_ key: String, _ hint: String? = nil) -> Self {
        Self("missing required key `\(key)`" + (hint.map { " (\($0))" } ?? ""))
    }

    // MARK: YAML

    static var emptyInput: Self { "empty input" }
    static func utf16File(_ path: String) -> Self { "`\(path)` is UTF-16; save it as UTF-8" }
    /// `byte`: two hex digits.
    static func invalidUTF8(_ path: String, byte: String) -> Self {
        "`\(path)` is not valid UTF-8: byte 0x\(byte) here is not part of a UTF-8 character; save the file as UTF-8"
    }
    static var secondDocument: Self { "a second YAML document starts here; a notebook is one document" }
    static func recursiveAlias(_ name: String) -> Self { "alias `*\(name)` refers to a node that contains it" }
    static func unknownAlias(_ name: String) -> Self { "unknown alias `*\(name)`: no anchor `&\(name)` comes before it" }
    static func aliasBomb(_ name: String, limit: Int) -> Self {
        "aliases expand to more than \(limit) nodes (alias `*\(name)`); this looks like an alias bomb"
    }
    static func aliasTooDeep(_ name: String, limit: Int) -> Self { "alias `*\(name)` nests deeper than \(limit) levels" }
    static func nestingTooDeep(limit: Int) -> Self { "lists and mappings nest deeper than \(limit) levels" }
}

extension Diagnostic.Message {
    // MARK: parameter files (`-f`) and matrices (`--matrix`)

    static func parameterFileNotMapping(_ path: String, found: String) -> Self {
        "`\(path)` must be a mapping of parameter name: value (as under `params:`), not \(found)"
    }

    static func matrixNotCollection(_ path: String, found: String) -> Self {
        "`\(path)` must be a list of parameter sets (`- growth: 1%`) or a mapping of lists (`growth: [1%, 2%]`), not \(found)"
    }

    static func matrixSetNotMapping(_ position: Int, found: String) -> Self {
        "set \(position) must be a mapping of parameter name: value, not \(found)"
    }

    static func emptyMatrixSet(_ position: Int) -> Self {
        "set \(position) is empty; give it at least one parameter value"
    }

    static func emptyMatrix(_ path: String) -> Self {
        "`\(path)` holds no parameter set"
    }

    static func emptyMatrixAxis(_ name: String) -> Self {
        "`\(name)` has an empty list: a matrix of every combination would have no set"
    }

    static func duplicateSetting(_ name: String, context: String) -> Self {
        "parameter `\(name)` is given twice \(context)"
    }

    static func tooManySets(total: Int, limit: Int) -> Self {
        "this mapping of lists makes \(total) combinations, more than the \(limit) sets a matrix may have"
    }
}

extension Diagnostic.Message {
    // MARK: expect

    static func badExpect(_ value: String) -> Self {
        "`expect` takes `error` (the cell must fail), not `\(value)`"
    }

    static func expectOnMarkdown(_ cell: String) -> Self {
        "`expect: error` of \(cell) needs a code cell"
    }

    /// A cell with `expect: error` that ran without one (the run fails).
    package static func expectedErrorMissing(_ id: String) -> Self {
        "cell `\(id)` has `expect: error` but ran without an error"
    }

    // MARK: data entries

    static func dataEntryWithoutPath(_ table: String) -> Self {
        "data table `\(table)` has no `path`; write `\(table): {path: FILE, …}` (or just `\(table): FILE`)"
    }

    static func badCellRange(_ text: String, table: String) -> Self {
        "the `range` of data table `\(table)` is `\(text)`; a range is two corners like `A3:F40` (or `A3:F` for every row from 3 on)"
    }

    static func queryNotSelect(table: String) -> Self {
        "the `query` of data table `\(table)` must be one `SELECT` (or `WITH … SELECT`) statement"
    }

    static func dataOptionForKind(_ option: String, table: String, kind: String, takes: String) -> Self {
        "`\(option)` of data table `\(table)`: only \(takes) takes it, and this file reads as \(kind)"
    }

    static func databaseWithoutQuery(table: String, path: String) -> Self {
        "data table `\(table)` reads the database `\(path)` and needs a `query`: write `\(table): {path: \(path), query: SELECT …}`"
    }

    static func oldExcelFormat(_ path: String) -> Self {
        "`\(path)` is an old binary Excel file (.xls); save it as an .xlsx workbook"
    }
}
