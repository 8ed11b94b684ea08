// The input model of Render: plain output values, built by the Runner from the
// interpreter's results. Render never sees interpreter types (it must not import Language);
// the content a cell shows (charts, Markdown pieces) is ReportModel's, shared with Language.
import NotebookFormat
import ReportModel
import Tabular

/// Everything one run produced, ready to be turned into files.
package struct Report: Sendable {
    package var header: ReportHeader
    package var cells: [ReportCell]

    /// `@fig-NAME` / `@tbl-NAME` → "Figure 2" and the labelled cell's id (labels are
    /// unique: a repeated one is a static error).
    var referenceTargets: [String: (text: String, anchor: String)] {
        var targets: [String: (text: String, anchor: String)] = [:]
        for cell in cells {
            if let number = cell.number { targets[number.label] = (number.text, cell.id) }
        }
        return targets
    }

    package init(header: ReportHeader, cells: [ReportCell]) {
        self.header = header
        self.cells = cells
    }
}

/// The report's header: the notebook's front matter and the parameters as used.
package struct ReportHeader: Sendable {
    package var title: String
    package var subtitle: String?
    package var author: String?
    package var date: String?
    package var description: String?
    /// The notebook's file name as the manifest names it (`budget.yaml`), no folders.
    package var notebookFile: String
    /// In the notebook's order, with `-p` overrides applied.
    package var parameters: [ReportParameter]
    /// For a title, subtitle or description that held `{{ }}` values: its pieces, so
    /// that a failed value is marked in place (the plain fields above hold the text
    /// with the values, for `<title>`, the ipynb and results.json). Empty otherwise.
    package var titlePieces: [MarkdownPiece] = []
    package var subtitlePieces: [MarkdownPiece] = []
    package var descriptionPieces: [MarkdownPiece] = []

    package init(title: String, subtitle: String? = nil, author: String? = nil, date: String? = nil,
                description: String? = nil, notebookFile: String, parameters: [ReportParameter] = []) {
        self.title = title
        self.subtitle = subtitle
        self.author = author
        self.date = date
        self.description = description
        self.notebookFile = notebookFile
        self.parameters = parameters
    }
}

/// A parameter as used by the run. The value stays typed so that the manifest can
/// write numbers as numbers; the report shows it with `ReportParameter.text`.
package struct ReportParameter: Sendable, Equatable {
    package var name: String
    package var value: ParamValue
    /// How the value was written: a percent is shown as written.
    package var notation: ParamNotation

    package init(name: String, value: ParamValue, notation: ParamNotation = .general) {
        self.name = name
        self.value = value
        self.notation = notation
    }

    /// How the report shows the value: a value written as a percent as written
    /// (`2.5%`), others in the general display text (SPEC §4), as inline expressions
    /// show values.
    package var text: String { value.displayText(notation) }
}

/// The `data-status` values of SPEC §6.
package enum CellStatus: String, Sendable, Equatable, CaseIterable {
    case ok
    case error
    case skipped
    case notRun = "not-run"
}

/// One notebook cell as the report shows it.
package struct ReportCell: Sendable {
    package var id: String
    package var kind: CellKind
    package var status: CellStatus
    /// The cell's `code:` or `markdown:` text as written.
    package var source: String
    /// `false` hides the code in the HTML (the ipynb keeps it, hidden).
    package var echo: Bool
    /// The cell's `caption:`, shown under its outputs (its `{{ }}` values in place).
    package var caption: String?
    /// A caption that held `{{ }}` values, as pieces (a failed value marked in place).
    package var captionPieces: [MarkdownPiece] = []
    /// "Figure 2" / "Table 3" for a cell with a `label`, and its anchor.
    package var number: ReportNumber?
    /// The cell's `export:` file name (ends `.csv`): the name of its first table's CSV.
    package var export: String?
    /// For a markdown cell that ran: its text with inline `{{ }}` results. Empty for a
    /// markdown cell that did not run; the report then shows `source` as Markdown.
    package var markdown: [MarkdownPiece]
    /// In the order the cell produced them.
    package var outputs: [ReportOutput]
    package var error: ReportError?
    /// `expect: error`: `error` is the failure the cell was written to show (status ok).
    package var errorExpected = false
    /// For a skipped cell: why ("uses `bad` from failed cell `b`").
    package var skipReason: String?

    package init(id: String, kind: CellKind, status: CellStatus = .ok, source: String, echo: Bool = true,
                caption: String? = nil, export: String? = nil, markdown: [MarkdownPiece] = [],
                outputs: [ReportOutput] = [], error: ReportError? = nil, skipReason: String? = nil) {
        self.id = id
        self.kind = kind
        self.status = status
        self.source = source
        self.echo = echo
        self.caption = caption
        self.export = export
        self.markdown = markdown
        self.outputs = outputs
        self.error = error
        self.skipReason = skipReason
    }
}

/// A labelled cell's number: "Figure 2", "Table 3".
package struct ReportNumber: Sendable, Equatable {
    /// "Figure 2".
    package var text: String
    /// The label (`fig-spending`), the anchor `@fig-spending` links to.
    package var label: String

    package init(text: String, label: String) {
        self.text = text
        self.label = label
    }
}

/// A failed cell's error: the message, and its place as `FILE:LINE:COL` text.
package struct ReportError: Sendable, Equatable {
    package var message: String
    package var position: String
    /// Further remarks, each `POSITION: TEXT` (or just `TEXT`): for an error inside a
    /// function, the calls that led there, innermost first.
    package var notes: [String]

    package init(message: String, position: String, notes: [String] = []) {
        self.message = message
        self.position = position
        self.notes = notes
    }

    package init(_ diagnostic: Diagnostic) {
        message = diagnostic.message
        position = diagnostic.location?.description ?? ""
        notes = diagnostic.notes.map { note in note.location.map { "\($0): \(note.message)" } ?? note.message }
    }
}

/// One output of a code cell, with the caption of `show(x, caption)` if any.
package struct ReportOutput: Sendable {
    package enum Content: Sendable {
        /// Lines of `print` (joined by `\n`).
        case text(String)
        /// A scalar already formatted by the caller (general number format, string, bool).
        case value(String)
        /// The first items of a list (at most 100 are shown) and the list's full length.
        case list(items: [String], total: Int)
        /// A record's fields in order, values already formatted.
        case record([RecordField])
        case table(Table)
        case chart(Chart)
    }

    package var content: Content
    package var caption: String?

    package init(_ content: Content, caption: String? = nil) {
        self.content = content
        self.caption = caption
    }

    package static func text(_ text: String, caption: String? = nil) -> ReportOutput {
        ReportOutput(.text(text), caption: caption)
    }
    package static func value(_ text: String, caption: String? = nil) -> ReportOutput {
        ReportOutput(.value(text), caption: caption)
    }
    package static func list(items: [String], total: Int, caption: String? = nil) -> ReportOutput {
        ReportOutput(.list(items: items, total: total), caption: caption)
    }
    package static func record(_ fields: [(String, String)], caption: String? = nil) -> ReportOutput {
        ReportOutput(.record(fields.map { RecordField(name: $0.0, value: $0.1) }), caption: caption)
    }
    package static func table(_ table: Table, caption: String? = nil) -> ReportOutput {
        ReportOutput(.table(table), caption: caption)
    }
    package static func chart(_ chart: Chart, caption: String? = nil) -> ReportOutput {
        ReportOutput(.chart(chart), caption: caption)
    }
}

package struct RecordField: Sendable, Equatable {
    package var name: String
    package var value: String

    package init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
