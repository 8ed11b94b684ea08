/// A loaded and validated notebook (SPEC §1). Every part keeps its position in the
/// YAML file so that later stages can report errors there.
package struct Notebook: Sendable {
    /// The path as the user gave it; diagnostics print it unchanged.
    package var file: String
    package var title: String
    package var subtitle: String?
    package var author: String?
    package var date: String?
    package var description: String?
    /// In file order.
    package var params: [Parameter]
    /// In file order.
    package var data: [DataSource]
    /// Non-empty, in file order.
    package var cells: [Cell]
    /// The notebook's text as read, for showing source lines in diagnostics
    /// (`SourceFiles.add`). `nil` for notebooks built in code.
    package var sourceFile: SourceFile?
    /// Problems that do not stop the notebook (`growth: 2.5%` is a string, not a
    /// number), sorted by position, for the CLI to show.
    package var warnings: [Diagnostic]
    /// `title`, `subtitle` and `description` when they hold `{{ }}` values, in that order.
    package var headerTemplates: [TextTemplate] = []

    /// Every text field holding `{{ }}` values: the header's, then the cells' captions
    /// in cell order. They are evaluated after the cells ran.
    package var templates: [TextTemplate] {
        headerTemplates + cells.enumerated().compactMap { index, cell in
            cell.captionSource.map { TextTemplate(field: .caption(cell: index), text: $0) }
        }
    }

    package init(file: String, title: String, subtitle: String? = nil, author: String? = nil, date: String? = nil,
                description: String? = nil, params: [Parameter] = [], data: [DataSource] = [], cells: [Cell],
                sourceFile: SourceFile? = nil, headerTemplates: [TextTemplate] = [], warnings: [Diagnostic] = []) {
        self.sourceFile = sourceFile
        self.headerTemplates = headerTemplates
        self.warnings = warnings
        self.file = file
        self.title = title
        self.subtitle = subtitle
        self.author = author
        self.date = date
        self.description = description
        self.params = params
        self.data = data
        self.cells = cells
    }
}

/// A scalar or list value as written in YAML: a parameter default or a `-p` override.
package enum ParamValue: Sendable, Equatable, Hashable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case list([ParamValue])

    /// The type's name as users read it in messages: `number`, `string`, `bool`, `list`.
    package var typeName: String {
        switch self {
        case .number: "number"
        case .string: "string"
        case .bool: "bool"
        case .list: "list"
        }
    }
}

/// How a parameter value was written, where the report's parameter box shows it as
/// written rather than in the general format (docs/notebook-format.md, "percents").
package enum ParamNotation: Sendable, Equatable, Hashable {
    /// Shown in the general format.
    case general
    /// Written as a percent (`2.5%`): shown as this text, as written.
    case percent(String)
    /// A list's elements, in order.
    case list([ParamNotation])

    /// `.list` of its elements, or `.general` when none is written specially.
    package static func of(list elements: [ParamNotation]) -> ParamNotation {
        elements.allSatisfy { $0 == .general } ? .general : .list(elements)
    }
}

package struct Parameter: Sendable, Equatable {
    package var name: String
    package var value: ParamValue
    /// How the default was written (a percent), for the report's parameter box.
    package var notation: ParamNotation
    /// Position of the name (the mapping key).
    package var location: SourceLocation
    /// Position of the default value.
    package var valueLocation: SourceLocation

    package init(name: String, value: ParamValue, notation: ParamNotation = .general, location: SourceLocation,
                 valueLocation: SourceLocation) {
        self.name = name
        self.value = value
        self.notation = notation
        self.location = location
        self.valueLocation = valueLocation
    }
}

/// A `data:` entry: a data file loaded as a table and bound to `name` before the first
/// cell. Written as a path, or as a mapping `{path, sheet, range, query}`; the file's
/// kind comes from its extension (`DataSource.Kind`).
package struct DataSource: Sendable, Equatable {
    /// What reads the file: `.xlsx` a workbook, `.json` an array of objects, `.jsonl` one
    /// object a line, `.sqlite`/`.db` a SQLite database (with `query:`), anything else CSV.
    package enum Kind: String, Sendable, Equatable {
        case csv, xlsx, json, jsonl, sqlite

        /// The kind a path's extension names (case-insensitive).
        package init(path: String) {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            let ext = name.split(separator: ".", omittingEmptySubsequences: false).dropFirst().last?.lowercased() ?? ""
            switch ext {
            case "xlsx", "xlsm": self = .xlsx
            case "json": self = .json
            case "jsonl", "ndjson": self = .jsonl
            case "sqlite", "sqlite3", "db": self = .sqlite
            default: self = .csv
            }
        }
    }

    /// A block of a sheet, `A3:F40` (or `A3:F`: to the sheet's last row); 1-based. The
    /// reader takes it as `XLSXTable.Range` (Tabular knows no notebook format).
    package struct CellRange: Sendable, Equatable {
        package var firstColumn: Int
        package var firstRow: Int
        package var lastColumn: Int
        /// nil: to the last row of the sheet.
        package var lastRow: Int?

        package init(firstColumn: Int, firstRow: Int, lastColumn: Int, lastRow: Int?) {
            self.firstColumn = firstColumn
            self.firstRow = firstRow
            self.lastColumn = lastColumn
            self.lastRow = lastRow
        }

        /// Spreadsheet columns and rows at most (Excel's own limits).
        package static let maxColumn = 16384, maxRow = 1_048_576

        /// `A3:F40` or `A3:F` (letters case-insensitive); nil when it is neither, or
        /// backwards, or past the sheet's limits.
        package init?(_ text: String) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let start = Self.reference(parts[0]), let startRow = start.row,
                  let end = Self.reference(parts[1]) else { return nil }
            guard end.column >= start.column, (end.row ?? startRow) >= startRow else { return nil }
            self.init(firstColumn: start.column, firstRow: startRow, lastColumn: end.column, lastRow: end.row)
        }

        /// `F40` → (6, 40), `F` → (6, nil).
        static func reference(_ text: Substring) -> (column: Int, row: Int?)? {
            var column = 0, row = 0, letters = 0, digits = 0
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                    guard digits == 0, letters < 3 else { return nil }
                    column = column * 26 + Int((byte | 0x20) - UInt8(ascii: "a")) + 1
                    letters += 1
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    guard letters > 0, digits < 7, !(digits == 0 && byte == UInt8(ascii: "0")) else { return nil }
                    row = row * 10 + Int(byte - UInt8(ascii: "0"))
                    digits += 1
                default:
                    return nil
                }
            }
            guard letters > 0, column <= maxColumn, row <= maxRow else { return nil }
            return (column, digits == 0 ? nil : row)
        }
    }

    package var name: String
    /// As written, relative to the notebook's folder.
    package var path: String
    package var location: SourceLocation
    package var pathLocation: SourceLocation
    /// `sheet:` (a workbook's sheet by name; the first sheet when nil).
    package var sheet: String?
    /// `range:` (a block of the sheet; its first row is the header).
    package var range: CellRange?
    /// `query:` (the SQL that a database is read with).
    package var query: String?
    /// Where `sheet:`, `range:` or `query:` is written (the value), for errors about it.
    package var sheetLocation: SourceLocation?
    package var rangeLocation: SourceLocation?
    package var queryLocation: SourceLocation?

    package var kind: Kind { Kind(path: path) }

    package init(name: String, path: String, location: SourceLocation, pathLocation: SourceLocation,
                 sheet: String? = nil, sheetLocation: SourceLocation? = nil, range: CellRange? = nil,
                 rangeLocation: SourceLocation? = nil, query: String? = nil, queryLocation: SourceLocation? = nil) {
        self.name = name
        self.path = path
        self.location = location
        self.pathLocation = pathLocation
        self.sheet = sheet
        self.sheetLocation = sheetLocation
        self.range = range
        self.rangeLocation = rangeLocation
        self.query = query
        self.queryLocation = queryLocation
    }
}

/// A text field (not a cell) whose text holds `{{ }}` values, with its map back to the file.
package struct TextTemplate: Sendable, Equatable {
    package enum Field: Sendable, Equatable, Hashable {
        case title, subtitle, description
        /// The `caption` of the cell at this 0-based index.
        case caption(cell: Int)
    }

    package var field: Field
    package var text: SourceText

    package init(field: Field, text: SourceText) {
        self.field = field
        self.text = text
    }
}

/// A cell's `label`: `fig-NAME` numbers it as a figure, `tbl-NAME` as a table.
package struct CellLabel: Sendable, Equatable {
    package enum Kind: String, Sendable, Equatable { case figure = "fig", table = "tbl" }
    package var kind: Kind
    /// The whole label as written (`fig-spending`): the name `@fig-spending` refers to.
    package var name: String
    package var location: SourceLocation

    package init(kind: Kind, name: String, location: SourceLocation) {
        self.kind = kind
        self.name = name
        self.location = location
    }

    /// `fig-NAME` or `tbl-NAME` with NAME made of letters, digits, `-` and `_` (the
    /// characters a `@fig-NAME` reference in running text can hold), else `nil`.
    package static func kind(of label: String) -> Kind? {
        for kind in [Kind.figure, .table] where label.hasPrefix(kind.rawValue + "-") {
            let name = label.dropFirst(4)
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(isNameScalar) else { return nil }
            return kind
        }
        return nil
    }

    package static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "-" || s == "_"
    }
}

package enum CellKind: String, Sendable {
    case markdown, code
}

package struct Cell: Sendable, Equatable {
    /// `[a-z][a-z0-9-]*`, unique; `cell-N` (1-based position) when not given.
    package var id: String
    package var kind: CellKind
    /// The `code:` or `markdown:` string with its map back to the file.
    package var source: SourceText
    package var caption: String?
    /// `false` hides the code in the report; outputs stay.
    package var echo: Bool
    /// A file name ending `.csv` for the cell's first table output.
    package var export: String?
    /// Position of the cell's mapping (its first key).
    package var location: SourceLocation
    /// Position of the `export:` value, when there is one.
    package var exportLocation: SourceLocation?
    /// The caption's text with its map back to the file, when it holds `{{ }}` values.
    package var captionSource: SourceText?
    /// `label: fig-NAME` / `tbl-NAME`: numbers the caption.
    package var label: CellLabel?
    /// `expect: error`: the cell must fail (its error is shown as expected); its position.
    package var expectError: SourceLocation?

    package init(id: String, kind: CellKind, source: SourceText, caption: String? = nil, echo: Bool = true,
                export: String? = nil, location: SourceLocation, exportLocation: SourceLocation? = nil) {
        self.exportLocation = exportLocation
        self.id = id
        self.kind = kind
        self.source = source
        self.caption = caption
        self.echo = echo
        self.export = export
        self.location = location
    }
}
