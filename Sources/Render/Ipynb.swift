// NAME.ipynb: a valid nbformat 4.5 notebook holding the run's outputs, for readers who
// live in Jupyter. It is a rendering, not a runnable notebook (no kernel exists).
import NotebookFormat
import ReportModel
import Tabular

enum Notebook45 {
    static func make(_ report: Report, options: RenderOptions) -> JSON {
        // nbformat cell ids: [a-zA-Z0-9-_]{1,64}, unique. Folio ids fit; the header
        // cell takes a name no cell has.
        // Ids that nbformat would refuse (over 64 characters) are cut and made unique.
        let fitting = report.cells.map(\.id).filter(isValidCellID)
        var ids = IDAllocator(reserved: fitting)
        let headerID = ids.unique("folio-header")
        var cells: [JSON] = [markdownCell(id: headerID, source: headerMarkdown(report.header), status: nil)]
        // A notebook has no anchors to link to: `@fig-NAME` reads "Figure 2".
        let numbers = report.referenceTargets.mapValues(\.text)
        for cell in report.cells {
            let id = isValidCellID(cell.id) ? cell.id : ids.unique(String(sanitized(cell.id).prefix(56)))
            switch cell.kind {
            case .markdown:
                cells.append(markdownCell(id: id, source: ResultsJSON.markdownText(cell, escapeLiterals: true, numbers: numbers), status: cell.status))
            case .code:
                cells.append(codeCell(cell, id: id, options: options))
            }
        }
        return .object([
            ("cells", .array(cells)),
            ("metadata", .object([
                ("folio", .object([("version", .string(options.folioVersion)), ("notebook", .string(report.header.notebookFile))])),
                ("language_info", .object([("name", .string("folio"))])),
                ("title", .string(report.header.title)),
            ])),
            ("nbformat", .number(4)),
            ("nbformat_minor", .number(5)),
        ])
    }

    /// nbformat 4.5: `^[a-zA-Z0-9-_]+$`, 1 to 64 characters.
    static func isValidCellID(_ id: String) -> Bool {
        (1...64).contains(id.unicodeScalars.count) && id.unicodeScalars.allSatisfy(isIDScalar)
    }

    private static func isIDScalar(_ u: Unicode.Scalar) -> Bool {
        u.isASCII && (u.properties.isAlphabetic || ("0"..."9").contains(u) || u == "-" || u == "_")
    }

    private static func sanitized(_ id: String) -> String {
        let kept = String(String.UnicodeScalarView(id.unicodeScalars.map { isIDScalar($0) ? $0 : "-" }))
        return kept.isEmpty ? "cell" : kept
    }

    private static func markdownCell(id: String, source: String, status: CellStatus?) -> JSON {
        var metadata: [(String, JSON)] = []
        if let status { metadata.append(("folio", .object([("status", .string(status.rawValue))]))) }
        return .object([
            ("cell_type", .string("markdown")),
            ("id", .string(id)),
            ("metadata", .object(metadata)),
            ("source", .string(source)),
        ])
    }

    private static func codeCell(_ cell: ReportCell, id: String, options: RenderOptions) -> JSON {
        var metadata: [(String, JSON)] = []
        if !cell.echo {
            metadata.append(("jupyter", .object([("source_hidden", .bool(true))])))
        }
        metadata.append(("folio", .object([("status", .string(cell.status.rawValue))])))
        // Ids in an output's HTML start with the cell's id and the output's number, so
        // they stay unique in the notebook's page.
        var outputs: [JSON] = cell.outputs.enumerated().map { output($1, idBase: "\(cell.id)-\($0 + 1)") }
        let caption = cell.caption ?? ""
        if let number = cell.number {
            // "Figure 2: caption", or "Figure 2" alone, as in the report.
            let lead = number.text + (caption.isEmpty ? "" : ":")
            outputs.append(display(html: "<p class=\"caption\"><strong>" + Escape.text(lead) + "</strong>" + (caption.isEmpty ? "" : " " + Escape.text(caption)) + "</p>",
                                   plain: lead + (caption.isEmpty ? "" : " " + caption)))
        } else if !caption.isEmpty {
            outputs.append(display(html: "<p class=\"caption\">" + Escape.text(caption) + "</p>", plain: caption))
        }
        if let error = cell.error {
            outputs.append(.object([
                ("output_type", .string("error")),
                ("ename", .string(cell.errorExpected ? "FolioExpectedError" : "FolioError")),
                ("evalue", .string(error.message)),
                ("traceback", .array([.string(error.position.isEmpty ? error.message : "\(error.position): error: \(error.message)")]
                                    + error.notes.map { .string("  " + $0) })),
            ]))
        }
        switch cell.status {
        case .skipped:
            outputs.append(stream("stderr", "Skipped: " + (cell.skipReason ?? "it uses a name from a failed cell") + "\n"))
        case .notRun:
            outputs.append(stream("stderr", "Not run: the run stopped at an earlier error.\n"))
        case .ok, .error:
            break
        }
        return .object([
            ("cell_type", .string("code")),
            ("execution_count", .null),
            ("id", .string(id)),
            ("metadata", .object(metadata)),
            ("outputs", .array(outputs)),
            ("source", .string(cell.source)),
        ])
    }

    private static func output(_ output: ReportOutput, idBase: String) -> JSON {
        let captionPlain = output.caption.map { "\n" + $0 } ?? ""
        switch output.content {
        case .text(let text):
            guard output.caption == nil else { return display(html: HTMLBuilder.outputHTML(output, csvFile: nil, idBase: idBase), plain: text + captionPlain) }
            return stream("stdout", text.hasSuffix("\n") ? text : text + "\n")
        case .value(let text):
            return display(html: HTMLBuilder.outputHTML(output, csvFile: nil, idBase: idBase), plain: text + captionPlain)
        case .list(let items, let total):
            var plain = items.prefix(HTMLReport.listItemLimit).joined(separator: ", ")
            if total > min(items.count, HTMLReport.listItemLimit) { plain += ", … (\(total) in all)" }
            return display(html: HTMLBuilder.outputHTML(output, csvFile: nil, idBase: idBase), plain: plain + captionPlain)
        case .record(let fields):
            let plain = fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
            return display(html: HTMLBuilder.outputHTML(output, csvFile: nil, idBase: idBase), plain: plain + captionPlain)
        case .table(let table):
            return display(html: HTMLBuilder.outputHTML(output, csvFile: nil, idBase: idBase), plain: PlainTable.text(table) + captionPlain)
        case .chart(let chart):
            let renderer = ChartRenderer(chart: chart)
            return .object([
                ("output_type", .string("display_data")),
                ("data", .object([
                    ("image/svg+xml", .string(renderer.svg(standalone: true))),
                    ("text/plain", .string(renderer.accessibleTitle + captionPlain)),
                ])),
                ("metadata", .object([])),
            ])
        }
    }

    private static func display(html: String, plain: String) -> JSON {
        .object([
            ("output_type", .string("display_data")),
            ("data", .object([("text/html", .string(html)), ("text/plain", .string(plain))])),
            ("metadata", .object([])),
        ])
    }

    private static func stream(_ name: String, _ text: String) -> JSON {
        .object([("output_type", .string("stream")), ("name", .string(name)), ("text", .string(text))])
    }

    /// The report header as Markdown; every user string escaped to read literally.
    static func headerMarkdown(_ h: ReportHeader) -> String {
        let esc = Escape.markdownLiteral
        var lines = ["# " + esc(h.title)]
        if let s = h.subtitle, !s.isEmpty { lines.append("\n*" + esc(s) + "*") }
        let byline = [h.author, h.date].compactMap { $0 }.filter { !$0.isEmpty }.map(esc)
        if !byline.isEmpty { lines.append("\n" + byline.joined(separator: " · ")) }
        if let d = h.description, !d.isEmpty { lines.append("\n" + esc(d)) }
        if !h.parameters.isEmpty {
            lines.append("\n**Parameters**\n")
            for p in h.parameters {
                lines.append("- `" + p.name + "` = " + esc(p.text))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A table as aligned plain text (the ipynb's text/plain), first rows only: the
/// columns and headers the HTML table shows, numbers in their display formats.
enum PlainTable {
    static func text(_ table: Table) -> String {
        let shown = min(table.rowCount, HTMLReport.tableRowLimit)
        let views = table.columnViews
        let shownColumns = table.shownColumnIndices
        var grid: [[String]] = [shownColumns.map { views[$0].header.replacing("\n", with: " ") }]
        for r in 0..<shown {
            grid.append(shownColumns.map { c in
                let column = table.columns[c]
                guard r < column.count, !column.isNull(at: r) else { return "" }
                switch column.storage {
                case .number(let v): return views[c].text(v[r])
                case .string(let v): return v[r].replacing("\n", with: " ")
                case .bool(let v): return DisplayText.bool(v[r])
                case .date(let v): return CalendarDate.text(v[r])
                }
            })
        }
        var widths = [Int](repeating: 0, count: shownColumns.count)
        for row in grid { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        var lines: [String] = []
        for row in grid {
            let cells = row.enumerated().map { i, cell -> String in
                let pad = String(repeating: " ", count: max(widths[i] - cell.count, 0))
                return table.columns[shownColumns[i]].isNumeric ? pad + cell : cell + pad
            }
            var line = cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        if table.rowCount > shown { lines.append("… and \(table.rowCount - shown) more rows") }
        return lines.joined(separator: "\n")
    }
}
