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

/// A `data:` entry: a CSV file loaded as a table and bound to `name` before the first cell.
package struct DataSource: Sendable, Equatable {
    package var name: String
    /// As written, relative to the notebook's folder.
    package var path: String
    package var location: SourceLocation
    package var pathLocation: SourceLocation

    package init(name: String, path: String, location: SourceLocation, pathLocation: SourceLocation) {
        self.name = name
        self.path = path
        self.location = location
        self.pathLocation = pathLocation
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
