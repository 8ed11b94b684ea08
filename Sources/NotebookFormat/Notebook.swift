/// A loaded and validated notebook (SPEC §1). Every part keeps its position in the
/// YAML file so that later stages can report errors there.
public struct Notebook: Sendable {
    /// The path as the user gave it; diagnostics print it unchanged.
    public var file: String
    public var title: String
    public var subtitle: String?
    public var author: String?
    public var date: String?
    public var description: String?
    /// In file order.
    public var params: [Parameter]
    /// In file order.
    public var data: [DataSource]
    /// Non-empty, in file order.
    public var cells: [Cell]
    /// The notebook's text as read, for showing source lines in diagnostics
    /// (`SourceFiles.add`). `nil` for notebooks built in code.
    public var sourceFile: SourceFile?
    /// Problems that do not stop the notebook (`growth: 2.5%` is a string, not a
    /// number), sorted by position, for the CLI to show.
    public var warnings: [Diagnostic]

    public init(file: String, title: String, subtitle: String? = nil, author: String? = nil, date: String? = nil,
                description: String? = nil, params: [Parameter] = [], data: [DataSource] = [], cells: [Cell],
                sourceFile: SourceFile? = nil, warnings: [Diagnostic] = []) {
        self.sourceFile = sourceFile
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
public enum ParamValue: Sendable, Equatable, Hashable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case list([ParamValue])

    /// The type's name as users read it in messages: `number`, `string`, `bool`, `list`.
    public var typeName: String {
        switch self {
        case .number: "number"
        case .string: "string"
        case .bool: "bool"
        case .list: "list"
        }
    }
}

public struct Parameter: Sendable, Equatable {
    public var name: String
    public var value: ParamValue
    /// Position of the name (the mapping key).
    public var location: SourceLocation
    /// Position of the default value.
    public var valueLocation: SourceLocation

    public init(name: String, value: ParamValue, location: SourceLocation, valueLocation: SourceLocation) {
        self.name = name
        self.value = value
        self.location = location
        self.valueLocation = valueLocation
    }
}

/// A `data:` entry: a CSV file loaded as a table and bound to `name` before the first cell.
public struct DataSource: Sendable, Equatable {
    public var name: String
    /// As written, relative to the notebook's folder.
    public var path: String
    public var location: SourceLocation
    public var pathLocation: SourceLocation

    public init(name: String, path: String, location: SourceLocation, pathLocation: SourceLocation) {
        self.name = name
        self.path = path
        self.location = location
        self.pathLocation = pathLocation
    }
}

public enum CellKind: String, Sendable {
    case markdown, code
}

public struct Cell: Sendable, Equatable {
    /// `[a-z][a-z0-9-]*`, unique; `cell-N` (1-based position) when not given.
    public var id: String
    public var kind: CellKind
    /// The `code:` or `markdown:` string with its map back to the file.
    public var source: SourceText
    public var caption: String?
    /// `false` hides the code in the report; outputs stay.
    public var echo: Bool
    /// A file name ending `.csv` for the cell's first table output.
    public var export: String?
    /// Position of the cell's mapping (its first key).
    public var location: SourceLocation
    /// Position of the `export:` value, when there is one.
    public var exportLocation: SourceLocation?

    public init(id: String, kind: CellKind, source: SourceText, caption: String? = nil, echo: Bool = true,
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
