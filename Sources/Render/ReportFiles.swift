// Every output file of a run, as bytes, in a fixed order: index.html, then each cell's
// CSV and SVG files in cell and output order, results.json, NAME.ipynb, manifest.json.
import NotebookFormat
import ReportModel
import Tabular

package enum ReportFiles {
    /// The files to write, paths relative to the output folder. Same report and
    /// options, same bytes.
    /// `extra`: files made outside Render (the PDF), written with the others and listed
    /// in the manifest before it.
    package static func files(for report: Report, options: RenderOptions, extra: [OutputFile] = []) -> [OutputFile] {
        let plan = FilePlan(report: report)
        var files: [OutputFile] = []
        if options.formats.contains(.html) {
            files.append(OutputFile(path: "index.html", bytes: Array(HTMLReport.render(report, options: options).utf8)))
        }
        for (c, cell) in report.cells.enumerated() {
            for (o, output) in cell.outputs.enumerated() {
                guard let name = plan.name(cell: c, output: o) else { continue }
                switch output.content {
                case .table(let table) where options.formats.contains(.csv):
                    files.append(OutputFile(path: name, bytes: CSV.write(table, csvSafe: options.csvSafe)))
                case .chart(let chart) where options.formats.contains(.html):
                    // Charts go with the report: a standalone copy of each for slides and documents.
                    files.append(OutputFile(path: name, bytes: Array(standaloneSVG(chart).utf8)))
                default:
                    break
                }
            }
        }
        if options.formats.contains(.json) {
            files.append(OutputFile(path: "results.json", bytes: Array(ResultsJSON.make(report, plan: plan, options: options).serialized().utf8)))
        }
        if options.formats.contains(.ipynb) {
            files.append(OutputFile(path: plan.notebookFileName, bytes: Array(Notebook45.make(report, options: options).serialized().utf8)))
        }
        files += extra
        files.append(OutputFile(path: "manifest.json", bytes: Array(manifest(report, options: options, files: files).serialized().utf8)))
        return files
    }

    /// Renders and writes every file into `folder` (created if missing), each
    /// atomically; returns what was written.
    @discardableResult
    package static func write(_ report: Report, options: RenderOptions, to folder: String,
                              extra: [OutputFile] = []) throws(WriteError) -> [OutputFile] {
        let files = files(for: report, options: options, extra: extra)
        try AtomicWriter.write(files, to: folder)
        return files
    }

    /// `STEM.pdf`, the PDF's name beside `STEM.ipynb`.
    package static func pdfFileName(_ report: Report) -> String {
        FilePlan.stem(of: report.header.notebookFile) + ".pdf"
    }

    /// A chart as its own `.svg` file.
    package static func standaloneSVG(_ chart: Chart) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + ChartRenderer(chart: chart).svg(standalone: true) + "\n"
    }

    /// SPEC §6: no absolute paths, timestamps or durations; keys in a fixed order.
    /// `title`, `description` (when there is one), `status` and `set` (a matrix run's) are
    /// what a site index lists (`folio index`).
    static func manifest(_ report: Report, options: RenderOptions, files: [OutputFile]) -> JSON {
        var members: [(String, JSON)] = [
            ("folio_version", .string(options.folioVersion)),
            ("notebook", .string(report.header.notebookFile)),
            ("title", .string(report.header.title)),
        ]
        if let description = report.header.description { members.append(("description", .string(description))) }
        members.append(("status", .string(options.status)))
        if let set = options.set {
            let values: [JSON] = set.values.map { value in
                JSON.object([("name", .string(value.name)), ("value", paramJSON(value.value)), ("text", .string(value.text))])
            }
            let fields: [(String, JSON)] = [
                ("position", .number(Double(set.position))), ("name", .string(set.slug)), ("values", .array(values)),
            ]
            members.append(("set", .object(fields)))
        }
        let parameters: [JSON] = report.header.parameters.map {
            .object([("name", .string($0.name)), ("value", paramJSON($0.value))])
        }
        let inputs: [JSON] = options.inputFiles.map { .object([("path", .string($0.path)), ("sha256", .string($0.sha256))]) }
        let cells: [JSON] = report.cells.map {
            .object([("id", .string($0.id)), ("kind", .string($0.kind.rawValue)), ("status", .string($0.status.rawValue))])
        }
        let outputs: [JSON] = files.map { .object([("path", .string($0.path)), ("sha256", .string(SHA256.hex($0.bytes)))]) }
        members += [("parameters", .array(parameters)), ("inputs", .array(inputs)), ("cells", .array(cells)), ("outputs", .array(outputs))]
        return .object(members)
    }

    static func paramJSON(_ value: ParamValue) -> JSON {
        switch value {
        case .number(let x): .number(x)
        case .string(let s): .string(s)
        case .bool(let b): .bool(b)
        case .list(let items): .array(items.map(paramJSON))
        }
    }
}

/// results.json: each cell's outputs as data.
enum ResultsJSON {
    static func make(_ report: Report, plan: FilePlan, options: RenderOptions) -> JSON {
        .object([
            ("folio_version", .string(options.folioVersion)),
            ("notebook", .string(report.header.notebookFile)),
            ("title", .string(report.header.title)),
            ("parameters", .array(report.header.parameters.map {
                .object([("name", .string($0.name)), ("value", ReportFiles.paramJSON($0.value))])
            })),
            ("cells", .array(report.cells.enumerated().map { c, cell in
                var members: [(String, JSON)] = [
                    ("id", .string(cell.id)), ("kind", .string(cell.kind.rawValue)), ("status", .string(cell.status.rawValue)),
                ]
                if cell.kind == .markdown {
                    members.append(("markdown", .string(markdownText(cell, escapeLiterals: false))))
                }
                members.append(("outputs", .array(cell.outputs.enumerated().map { o, output in
                    outputJSON(output, file: plan.name(cell: c, output: o), options: options)
                })))
                if let error = cell.error {
                    var fields: [(String, JSON)] = [("message", .string(error.message)), ("position", .string(error.position))]
                    if cell.errorExpected { fields.append(("expected", .bool(true))) }
                    if !error.notes.isEmpty { fields.append(("notes", .array(error.notes.map { .string($0) }))) }
                    members.append(("error", .object(fields)))
                }
                if let reason = cell.skipReason, cell.status == .skipped {
                    members.append(("skip_reason", .string(reason)))
                }
                return .object(members)
            })),
        ])
    }

    static func outputJSON(_ output: ReportOutput, file: String?, options: RenderOptions) -> JSON {
        var members: [(String, JSON)]
        switch output.content {
        case .text(let text):
            members = [("type", .string("text")), ("text", .string(text))]
        case .value(let text):
            members = [("type", .string("value")), ("text", .string(text))]
        case .list(let items, let total):
            members = [("type", .string("list")), ("items", .array(items.map { .string($0) })), ("total", .number(Double(total)))]
        case .record(let fields):
            members = [("type", .string("record")), ("fields", .object(fields.map { ($0.name, .string($0.value)) }))]
        case .table(let table):
            members = [("type", .string("table"))]
            if let file, options.formats.contains(.csv) { members.append(("file", .string(file))) }
            members += tableJSON(table)
        case .chart(let chart):
            members = [("type", .string("chart"))]
            if let file, options.formats.contains(.html) { members.append(("file", .string(file))) }
            members += [
                ("kind", .string(chart.kind.rawValue)),
                ("title", chart.title.map(JSON.string) ?? .null),
                ("x", .string(chart.x)),
                ("y", .array(chart.y.map(JSON.string))),
                ("group", chart.group.map(JSON.string) ?? .null),
                ("stacked", .bool(chart.stacked)),
                ("label", chart.label.map(JSON.string) ?? .null),
                ("x_label", chart.xLabel.map(JSON.string) ?? .null),
                ("y_label", chart.yLabel.map(JSON.string) ?? .null),
            ]
            members += tableJSON(chart.table)
        }
        members.append(("caption", output.caption.map(JSON.string) ?? .null))
        return .object(members)
    }

    /// Columns with their types, then rows as arrays (numbers as numbers, nulls as null).
    /// Every column is data here, hidden ones too (as in the CSV); a column's `label`
    /// and `hidden: true` are added when set, so a reader can show what the report shows.
    static func tableJSON(_ table: Table) -> [(String, JSON)] {
        let columns: JSON = .array(zip(table.columnViews, table.columns).map { view, column in
            var members: [(String, JSON)] = [("name", .string(view.name)), ("type", .string(column.typeName))]
            if view.header != view.name { members.append(("label", .string(view.header))) }
            if view.hidden { members.append(("hidden", .bool(true))) }
            return .object(members)
        })
        var rows: [JSON] = []
        rows.reserveCapacity(table.rowCount)
        for r in 0..<table.rowCount {
            rows.append(.array(table.columns.map { column in
                guard r < column.count, !column.isNull(at: r) else { return .null }
                switch column.storage {
                case .number(let v): return .number(v[r])
                case .string(let v): return .string(v[r])
                case .bool(let v): return .bool(v[r])
                case .date(let v): return .string(CalendarDate.text(v[r]))
                }
            }))
        }
        return [("columns", columns), ("rows", .array(rows))]
    }

    /// A markdown cell's text with its inline results. `escapeLiterals`: backslash-
    /// escape them so they read literally as Markdown (the ipynb).
    /// `numbers`: label → "Figure 2", for references written out as their numbers.
    static func markdownText(_ cell: ReportCell, escapeLiterals: Bool, numbers: [String: String] = [:]) -> String {
        guard !cell.markdown.isEmpty else { return numbers.isEmpty ? cell.source : References.numbering(cell.source, numbers) }
        return cell.markdown.map { piece in
            switch piece {
            case .markdown(let text): numbers.isEmpty ? text : References.numbering(text, numbers)
            case .literal(let text): escapeLiterals ? Escape.markdownLiteral(text) : text
            case .error(let message):
                escapeLiterals ? "**" + MarkdownRenderer.inlineErrorLabel + "** " + Escape.markdownLiteral(message) : "[error: \(message)]"
            }
        }.joined()
    }
}
