import Language
import NotebookFormat
import Render
import ReportModel
import Tabular

/// Turns what the interpreter produced into Render's plain report values: Render never
/// sees interpreter types (STYLE: "Render gets plain output values"). Charts and Markdown
/// pieces are already ReportModel's plain values and pass through as they are.
enum ReportBuilder {
    /// `fields`: the text fields' evaluated `{{ }}` values (`Interpreter.renderTemplates`).
    static func report(notebook: Notebook, parameters: [(name: String, value: ParamValue)],
                       notations: [String: ParamNotation] = [:], cells: [ReportCell],
                       fields: [(field: TextTemplate.Field, result: InlineResult)] = []) -> Report {
        var header = ReportHeader(
            title: notebook.title, subtitle: notebook.subtitle, author: notebook.author, date: notebook.date,
            description: notebook.description, notebookFile: fileName(notebook.file),
            parameters: parameters.map { ReportParameter(name: $0.name, value: $0.value, notation: notations[$0.name] ?? .general) }
        )
        var cells = cells
        for (field, result) in fields {
            let pieces = result.pieces
            switch field {
            case .title: header.title = pieces.plainText; header.titlePieces = pieces
            case .subtitle: header.subtitle = pieces.plainText; header.subtitlePieces = pieces
            case .description: header.description = pieces.plainText; header.descriptionPieces = pieces
            case .caption(let index) where cells.indices.contains(index):
                cells[index].caption = pieces.plainText
                cells[index].captionPieces = pieces
            case .caption:
                break
            }
        }
        for (index, number) in numbers(notebook.cells) { cells[index].number = number }
        return Report(header: header, cells: cells)
    }

    /// "Figure N" / "Table N" for each labelled cell (by index): figures and tables
    /// counted separately, in cell order.
    static func numbers(_ cells: [Cell]) -> [(Int, ReportNumber)] {
        var figures = 0, tables = 0
        var out: [(Int, ReportNumber)] = []
        for (index, cell) in cells.enumerated() {
            guard let label = cell.label else { continue }
            switch label.kind {
            case .figure:
                figures += 1
                out.append((index, ReportNumber(text: "Figure \(figures)", label: label.name)))
            case .table:
                tables += 1
                out.append((index, ReportNumber(text: "Table \(tables)", label: label.name)))
            }
        }
        return out
    }

    static func cell(_ cell: Cell, status: CellStatus, markdown: [MarkdownPiece] = [], outputs: [CellOutput] = [],
                     error: Diagnostic? = nil, errorExpected: Bool = false, skipReason: String? = nil) -> ReportCell {
        var reportCell = ReportCell(
            id: cell.id, kind: cell.kind, status: status, source: cell.source.text, echo: cell.echo,
            caption: cell.caption, export: cell.export,
            markdown: markdown,
            outputs: outputs.map(output),
            error: error.map { error in
                ReportError(message: error.message, position: error.location.map(position) ?? "",
                            notes: error.notes.map { note in note.location.map { "\(position($0)): \(note.message)" } ?? note.message })
            },
            skipReason: skipReason
        )
        reportCell.errorExpected = errorExpected
        return reportCell
    }

    /// A position as the report prints it: the notebook's file name, not the path the
    /// user typed, so the report does not depend on where the run happened.
    static func position(_ location: SourceLocation) -> String {
        "\(fileName(location.file)):\(location.line):\(location.column)"
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    static func output(_ output: CellOutput) -> ReportOutput {
        switch output {
        case .printed(let text):
            return .text(text)
        case .shown(let value, let caption):
            return shown(value, caption: caption)
        }
    }

    static func shown(_ value: Value, caption: String?) -> ReportOutput {
        switch value {
        case .list(let list):
            let shownCount = min(list.count, HTMLReport.listItemLimit)
            let items = (0..<shownCount).map { list[$0].displayText }
            return .list(items: items, total: list.count, caption: caption)
        case .record(let record):
            return .record(zip(record.keys, record.values).map { ($0, $1.displayText) }, caption: caption)
        case .table(let table):
            return .table(table, caption: caption)
        case .chart(let chart):
            return .chart(chart, caption: caption)
        default:
            return .value(value.displayText, caption: caption)
        }
    }
}
