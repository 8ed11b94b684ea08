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

extension Diagnostic.Message {
    // MARK: `-p NAME=VALUE` overrides

    static var valueAfterEqualsMissing: Self { "the value after `=` is missing" }

    static func nullOverride(_ text: String) -> Self {
        "`\(text)` is null; a parameter needs a number, string, bool or list"
    }

    static func overrideListElementNotScalar(found kind: String) -> Self {
        "a list value holds numbers, strings or bools, not \(kind)"
    }

    static func overrideIsMapping(_ text: String) -> Self { "cannot read `\(text)` as a value: it is a mapping" }
}

extension Diagnostic.Message {
    // MARK: notebook structure

    static func keyNotPlainName(found kind: String) -> Self { "a key must be a plain name, not \(kind)" }

    static func notebookNotMapping(found kind: String) -> Self {
        "a notebook is a mapping with `folio: 1`, `title` and `cells`, not \(kind)"
    }

    static var missingFormatVersion: Self { "missing `folio: 1` (the notebook format version)" }

    static func unsupportedFormatVersion(_ version: String) -> Self {
        "unsupported notebook format version \(version); this folio reads `folio: 1`"
    }

    static func formatVersionNotInteger(found value: String) -> Self { "`folio` must be the integer 1, found \(value)" }

    // MARK: field values

    static func stringFieldWithoutValue(_ field: String) -> Self { "\(field) has no value; it needs a string" }

    static func notASingleValue(_ field: String, found kind: String) -> Self { "\(field) must be a single value, found \(kind)" }

    /// A scalar the core schema cannot read (`why`: the resolver's reason).
    static func invalidScalar(_ field: String, _ why: String) -> Self { "\(field): \(why)" }

    // MARK: params and data names

    /// `kind`: "parameter", "data table".
    static func nameNotIdentifier(_ name: String, kind: String) -> Self {
        "\(kind) name `\(name)` is not an identifier (letters, digits and `_`, not starting with a digit)"
    }

    static func keywordAsName(_ name: String, kind: String) -> Self {
        "`\(name)` is a keyword of the folio language and cannot name a \(kind)"
    }

    static func paramsNotMapping(found value: String) -> Self {
        "`params` must be a mapping of name: default value, found \(value)"
    }

    static func parameterIsMapping(_ field: String) -> Self {
        "\(field) must be a number, string, bool or list of those, found a mapping"
    }

    static func parameterListElementNotScalar(_ field: String, found kind: String) -> Self {
        "the list of \(field) holds numbers, strings or bools, not \(kind)"
    }

    static func parameterWithoutDefault(_ field: String) -> Self {
        "\(field) has no value; a default (number, string, bool or list) gives the parameter its type"
    }

    static func dataNotMapping(found value: String) -> Self {
        "`data` must be a mapping of name: data file (a path, or `{path: …, sheet: …, range: …, query: …}`), found \(value)"
    }

    static func emptySheetName(table: String) -> Self { "the `sheet` of data table `\(table)` is empty" }

    static func emptyDataPath(table: String) -> Self { "the path of data table `\(table)` is empty" }

    static func nulInDataPath(table: String) -> Self { "the path of data table `\(table)` contains a NUL character" }

    static func dataTableNamedLikeParameter(_ name: String) -> Self { "data table `\(name)` has the same name as a parameter" }

    static func parameterDefinedHere(_ name: String) -> Self { "parameter `\(name)` is defined here" }

    /// The note on a repeated setting, pointing at the first.
    static var firstIsHere: Self { "the first is here" }

    // MARK: cells

    static func cellsNotList(found value: String) -> Self {
        "`cells` must be a list of cells (each `- markdown: ...` or `- code: ...`), found \(value)"
    }

    static var noCells: Self { "`cells` is empty; a notebook needs at least one cell" }

    /// `cell`: "cell 3".
    static func cellNotMapping(_ cell: String, found value: String) -> Self {
        "\(cell) must be a mapping with `markdown:` or `code:`, found \(value)"
    }

    static func cellHasBothKinds(_ cell: String, _ first: String, _ second: String) -> Self {
        "\(cell) has both `\(first):` and `\(second):`; a cell is one or the other, so split it in two"
    }

    static func otherKindIsHere(_ key: String) -> Self { "`\(key):` is here" }

    static func cellWithoutKind(_ cell: String) -> Self { "\(cell) has neither `markdown:` nor `code:`" }

    static func badCellID(_ id: String) -> Self {
        "cell id `\(id)` must be a lowercase letter followed by lowercase letters, digits or `-`"
    }

    static func echoNotBool(_ cell: String, found value: String) -> Self {
        "`echo` of \(cell) must be `true` or `false`, found \(value)"
    }

    /// `problem`: why the name cannot be a file name ("must end with `.csv`").
    static func badExportName(_ name: String, _ problem: String) -> Self { "`export` file name `\(name)` \(problem)" }

    static func exportOnMarkdown(_ cell: String) -> Self {
        "`export` of \(cell) needs a code cell: a markdown cell has no table to write"
    }

    static func cellTextNotString(_ field: String, found kind: String) -> Self {
        "\(field) must be a string (usually a `|` block), found \(kind)"
    }

    static func emptyCellText(_ field: String) -> Self {
        "\(field) is empty; write the cell's text after `|` on the following lines"
    }

    /// The note on a repeated label, pointing at the first.
    static var firstUsedHere: Self { "first used here" }

    // MARK: cell ids and exports

    static func duplicateCellID(_ id: String) -> Self { "duplicate cell id `\(id)`" }

    static func cellIDIsHere(cell number: Int, _ id: String) -> Self { "cell \(number) has id `\(id)` here" }

    static func defaultCellIDIs(cell number: Int, _ id: String) -> Self {
        "cell \(number) has no `id`, so its id is `\(id)`"
    }

    static func cellIDTakesDefaultID(_ id: String, of cell: Int, defaultOf other: Int) -> Self {
        "cell id `\(id)` of cell \(cell) is also the default id of cell \(other), which has no `id`"
    }

    static func cellStartsHere(_ number: Int) -> Self { "cell \(number) starts here" }

    static func duplicateExport(_ name: String, cell: Int, earlier: Int) -> Self {
        "cell \(cell) exports to `\(name)`, as cell \(earlier) already does"
    }

    static func exportIsHere(_ name: String, cell: Int) -> Self { "cell \(cell) exports `\(name)` here" }

    static func exportOverwritesTableFile(_ name: String, cell id: String) -> Self {
        "`export: \(name)` would overwrite the table file of cell `\(id)` (`\(id).csv`)"
    }

    static func exportOverwritesNumberedTableFile(_ name: String, number: Int, cell id: String) -> Self {
        "`export: \(name)` would overwrite table file \(number) of cell `\(id)` (`\(id)-\(number).csv`)"
    }

    // MARK: YAML errors

    /// libyaml's reader refusing the input, in its own words.
    static func yamlReaderProblem(_ problem: String) -> Self { Self(problem) }

    /// `hex`: the code point, at least four uppercase hex digits; `problem`: libyaml's words.
    static func characterNotAllowed(_ hex: String, _ problem: String) -> Self {
        "character U+\(hex) is not allowed in YAML (\(problem))"
    }

    /// libyaml's `problem` and `context` (its own words); a tab where the error is found
    /// gets a hint.
    static func yamlSyntaxError(_ problem: String, tabIndented: Bool, context: String?) -> Self {
        var message = "YAML syntax error: \(problem)"
        if tabIndented { message += " (a tab cannot indent YAML; use spaces)" }
        if let context { message += " \(context)" }
        return Self(message)
    }

    // MARK: YAML notes

    static func keyFirstDefinedHere(_ key: String) -> Self { "`\(key)` is first defined here" }

    /// libyaml's context ("while parsing a block mapping"), on the note at its start.
    static func syntaxContextStartsHere(_ context: String) -> Self { "\(context), which starts here" }
}
