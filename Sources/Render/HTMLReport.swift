// index.html: one self-contained file with the SPEC §6 structure hooks.
import NotebookFormat
import ReportModel
import Tabular

package enum HTMLReport {
    /// The whole `index.html` as text.
    package static func render(_ report: Report, options: RenderOptions) -> String {
        var builder = HTMLBuilder(report: report, options: options, plan: FilePlan(report: report))
        return builder.document()
    }

    /// Tables show this many rows; the CSV has them all.
    package static let tableRowLimit = 50
    /// Lists show this many items.
    package static let listItemLimit = 100

    /// The Content-Security-Policy of every page folio writes: no script, no outside
    /// resource (`folio preview` widens it only in the copy it serves, for its reload script).
    package static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

    /// The start of every page folio writes, up to the page's own meta tags: the doctype,
    /// the Content-Security-Policy that forbids scripts and outside resources, viewport,
    /// colour schemes and the generator.
    static func documentStart(folioVersion: String) -> String {
        var s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        s += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(contentSecurityPolicy)\">\n"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        s += "<meta name=\"color-scheme\" content=\"light dark\">\n"
        s += "<meta name=\"generator\" content=\"Folio " + Escape.attribute(folioVersion) + "\">\n"
        return s
    }
    /// String cells up to this many characters do not wrap.
    static let shortTextLimit = 24

    /// A table named by the heading `id`, in a scrolling box the keyboard can reach (with
    /// the same name), as the reports' tables are: for pages whose tables each have their
    /// own heading (the family index, the diff page).
    static func tableStart(labelledBy id: String, class name: String) -> String {
        "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"\(id)\"><table class=\"\(name)\" aria-labelledby=\"\(id)\">\n"
    }

    /// The first thing in the page: a link to the main content, shown when focused.
    static func skipLink(to id: String) -> String {
        "<a class=\"skip-link\" href=\"#" + Escape.attribute(id) + "\">Skip to the content</a>\n"
    }
}

/// Ids unique in one page, and the names of its scrollable regions (a wide table's
/// box, a code cell's source): each region is named after its caption, and a region
/// whose caption repeats an earlier region's gets a numbered name of its own, so
/// that every region's name is distinct.
struct FigureNaming {
    var ids: IDAllocator
    private var regionNames: [String: Int] = [:]

    init(ids: IDAllocator) { self.ids = ids }

    /// The attributes of a scrollable region named by the element `labelID` whose text
    /// is `name`: keyboard-focusable, a region, and its name.
    mutating func region(labelledBy labelID: String, name: String) -> String {
        let attributes = " tabindex=\"0\" role=\"region\""
        let seen = regionNames[name, default: 0]
        regionNames[name] = seen + 1
        guard seen > 0 else { return attributes + " aria-labelledby=\"" + Escape.attribute(labelID) + "\"" }
        return attributes + " aria-label=\"" + Escape.attribute("\(name) (\(seen + 1))") + "\""
    }

    /// A region named by `name` itself.
    mutating func region(named name: String) -> String {
        let seen = regionNames[name, default: 0]
        regionNames[name] = seen + 1
        return " tabindex=\"0\" role=\"region\" aria-label=\"" + Escape.attribute(seen > 0 ? "\(name) (\(seen + 1))" : name) + "\""
    }
}

struct HTMLBuilder {
    let report: Report
    let options: RenderOptions
    let plan: FilePlan
    /// Ids unique in the report, and the names of its scrollable regions.
    private var naming: FigureNaming
    private var headings: [Heading] = []
    /// True until the first Markdown cell is rendered: its leading `#` heading is left
    /// out when it repeats the title (the title is the report's one `<h1>`).
    private var firstMarkdownCell = true
    /// `MarkdownRenderer.headingShift`: 0 once the title's heading was left out.
    private var headingShift = 1
    /// `@fig-NAME` → "Figure 2" and the labelled cell's id.
    private let references: [String: (text: String, anchor: String)]
    /// Footnote definitions of every cell (lowercased label → HTML); the first wins.
    private var footnotes: [String: String] = [:]

    init(report: Report, options: RenderOptions, plan: FilePlan) {
        self.report = report
        self.options = options
        self.plan = plan
        naming = FigureNaming(ids: IDAllocator(reserved: report.cells.map(\.id)))
        references = report.referenceTargets
    }

    mutating func document() -> String {
        // The skip link's target, taken before any heading can claim the id.
        let mainID = naming.ids.unique("content")
        // Cells first: their headings make the table of contents.
        var body = ""
        for (index, cell) in report.cells.enumerated() {
            body += section(cell, index: index)
        }
        // Charts that share a hatch pattern define it once in the page.
        body = ChartMarks.withoutRepeatedPatterns(body)
        let (numberedBody, notes) = Footnotes.resolve(body, definitions: footnotes, ids: &naming.ids)
        var s = HTMLReport.documentStart(folioVersion: options.folioVersion)
        if let author = report.header.author, !author.isEmpty {
            s += "<meta name=\"author\" content=\"" + Escape.attribute(author) + "\">\n"
        }
        if let description = report.header.description, !description.isEmpty {
            s += "<meta name=\"description\" content=\"" + Escape.attribute(description) + "\">\n"
        }
        s += "<title>" + Escape.text(report.header.title) + "</title>\n"
        s += "<style>\n" + ReportStyle.css + ReportStyle.pageBoxes(title: report.header.title, paper: options.paper) + "</style>\n</head>\n<body>\n"
        // Landmarks: the header (banner), the contents (navigation), the cells (main)
        // and the footer (contentinfo); the skip link passes the first two.
        s += HTMLReport.skipLink(to: mainID)
        s += "<div class=\"folio\">\n"
        s += header()
        s += tableOfContents()
        s += "<main id=\"" + Escape.attribute(mainID) + "\" tabindex=\"-1\">\n"
        s += numberedBody
        s += notes
        s += "</main>\n"
        s += "<footer class=\"folio-footer\"><p>Generated by Folio " + Escape.text(options.folioVersion)
            + " from <code>" + Escape.text(report.header.notebookFile) + "</code>.</p></footer>\n"
        s += "</div>\n</body>\n</html>\n"
        return s
    }

    // MARK: Header and contents

    private func header() -> String {
        let h = report.header
        var s = "<header class=\"folio-header\">\n"
        s += "<h1 class=\"title\">" + Self.inlineHTML(h.titlePieces, h.title) + "</h1>\n"
        if let subtitle = h.subtitle, !subtitle.isEmpty {
            s += "<p class=\"subtitle\">" + Self.inlineHTML(h.subtitlePieces, subtitle) + "</p>\n"
        }
        var byline: [String] = []
        if let author = h.author, !author.isEmpty { byline.append("<span class=\"author\">" + Escape.text(author) + "</span>") }
        if let date = h.date, !date.isEmpty { byline.append("<span class=\"date\">" + Escape.text(date) + "</span>") }
        if !byline.isEmpty {
            s += "<p class=\"byline\">" + byline.joined(separator: "<span class=\"sep\" aria-hidden=\"true\"> · </span>") + "</p>\n"
        }
        if let description = h.description, !description.isEmpty {
            s += "<p class=\"description\">" + Self.inlineHTML(h.descriptionPieces, description) + "</p>\n"
        }
        if !h.parameters.isEmpty {
            s += "<div class=\"parameters-box\">\n<p class=\"parameters-title\">Parameters</p>\n<dl class=\"parameters\">\n"
            for p in h.parameters {
                s += "<div><dt>" + Escape.text(p.name) + "</dt><dd>" + Escape.text(p.text) + "</dd></div>\n"
            }
            s += "</dl>\n</div>\n"
        }
        s += "</header>\n"
        return s
    }

    /// The three top levels of the markdown cells' headings (`<h2>`–`<h4>`); only when
    /// there are two or more (a contents list of one entry is noise).
    private func tableOfContents() -> String {
        let entries = headings.filter { $0.level <= 3 }
        guard entries.count >= 2 else { return "" }
        var s = "<nav class=\"toc\" aria-label=\"Contents\">\n<p class=\"toc-title\">Contents</p>\n<ol>\n"
        for h in entries {
            s += "<li class=\"toc-h\(h.level)\"><a href=\"#" + Escape.attribute(h.id) + "\">" + Escape.text(h.text) + "</a></li>\n"
        }
        s += "</ol>\n</nav>\n"
        return s
    }

    // MARK: Cells

    private mutating func section(_ cell: ReportCell, index: Int) -> String {
        var s = "<section class=\"cell \(cell.kind == .markdown ? "markdown" : "code")\" id=\"" + Escape.attribute(cell.id)
            + "\" data-status=\"\(cell.status.rawValue)\">\n"
        switch cell.kind {
        case .markdown:
            let pieces = cell.markdown.isEmpty ? [MarkdownPiece.markdown(cell.source)] : cell.markdown
            var renderer = MarkdownRenderer(unsafeHTML: options.unsafeHTML, references: references, images: options.images)
            if firstMarkdownCell { renderer.omittedTitle = report.header.title }
            firstMarkdownCell = false
            renderer.headingShift = headingShift
            let rendered = renderer.render(pieces, scope: cell.id, ids: &naming.ids)
            if rendered.omittedTitle { headingShift = 0 }
            headings += rendered.headings
            for note in rendered.footnotes where footnotes[note.label.lowercased()] == nil {
                footnotes[note.label.lowercased()] = note.html
            }
            s += "<div class=\"prose\">\n" + rendered.html + "</div>\n"
        case .code:
            // The cell's caption names its one table or chart: inside its figure.
            let captionedOutput = Self.captionedOutput(cell)
            let cellCaption = captionedOutput == nil ? nil : Self.cellCaptionText(cell)
            if cell.echo {
                // A long line scrolls the box: the keyboard can reach it, and it has a name.
                s += "<pre class=\"source\"" + naming.region(named: "Code of cell \(cell.id)") + "><code>"
                    + Escape.text(trimmedSource(cell.source)) + "</code></pre>\n"
            }
            if !cell.outputs.isEmpty {
                s += "<div class=\"output\">\n"
                // Consecutive printed lines (one output per `print`) read as one block.
                var pendingText: [String] = []
                func flushText() {
                    if !pendingText.isEmpty {
                        s += "<pre class=\"text\">" + Escape.text(pendingText.joined(separator: "\n")) + "</pre>\n"
                        pendingText = []
                    }
                }
                for (o, output) in cell.outputs.enumerated() {
                    if case .text(let text) = output.content, output.caption == nil {
                        pendingText.append(text)
                        continue
                    }
                    flushText()
                    s += outputHTML(output, file: plan.name(cell: index, output: o),
                                    cellCaption: o == captionedOutput ? cellCaption : nil, cellID: cell.id)
                }
                flushText()
                s += "</div>\n"
            }
        }
        if let error = cell.error {
            s += Self.errorHTML(error, expected: cell.errorExpected)
        }
        switch cell.status {
        case .skipped:
            s += "<div class=\"status-note skipped\"><p><strong>Skipped:</strong> "
                + Self.inlineCode(cell.skipReason ?? "it uses a name from a failed cell") + "</p></div>\n"
        case .notRun:
            s += "<div class=\"status-note not-run\"><p><strong>Not run:</strong> the run stopped at an earlier error.</p></div>\n"
        case .ok, .error:
            break
        }
        if cell.kind == .markdown || Self.captionedOutput(cell) == nil, let caption = Self.cellCaptionText(cell) {
            s += "<p class=\"" + caption.className + "\">" + caption.html + "</p>\n"
        }
        s += "</section>\n"
        return s
    }

    /// A cell's caption: its HTML ("Figure 2: caption", or "Figure 2" alone), plain text
    /// and class; nil when it has none.
    static func cellCaptionText(_ cell: ReportCell) -> CellCaption? {
        let caption = cell.caption ?? ""
        if let number = cell.number {
            return CellCaption(
                html: "<span class=\"caption-number\">" + Escape.text(number.text) + (caption.isEmpty ? "" : ":") + "</span>"
                    + (caption.isEmpty ? "" : " " + inlineHTML(cell.captionPieces, caption)),
                text: number.text + (caption.isEmpty ? "" : ": " + caption), className: "caption numbered")
        }
        guard !caption.isEmpty else { return nil }
        return CellCaption(html: inlineHTML(cell.captionPieces, caption), text: caption, className: "caption")
    }

    /// The output a code cell's caption belongs to: its only output when that is a table
    /// or chart without a caption of its own. Otherwise the caption stays under the
    /// outputs, as a paragraph.
    static func captionedOutput(_ cell: ReportCell) -> Int? {
        guard cell.kind == .code, cellCaptionText(cell) != nil, cell.outputs.count == 1, (cell.outputs[0].caption ?? "").isEmpty else { return nil }
        switch cell.outputs[0].content {
        case .table, .chart: return 0
        default: return nil
        }
    }

    /// A plain text field: `pieces` when it held `{{ }}` values (a failed one marked in
    /// place), else `text`; escaped, never Markdown.
    static func inlineHTML(_ pieces: [MarkdownPiece], _ text: String) -> String {
        guard !pieces.isEmpty else { return Escape.text(text) }
        return pieces.map { piece in
            switch piece {
            case .markdown(let t), .literal(let t): Escape.text(t)
            case .error(let message): MarkdownRenderer.inlineErrorHTML(message)
            }
        }.joined()
    }

    private func trimmedSource(_ source: String) -> String {
        var s = Substring(source)
        while s.last == "\n" || s.last == " " || s.last == "\r" { s = s.dropLast() }
        return String(s)
    }

    /// Escaped text in which `backquoted` runs are shown as code (skip reasons and
    /// error messages name things that way).
    static func inlineCode(_ text: String) -> String {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return Escape.text(text) }
        var out = ""
        for (i, part) in parts.enumerated() {
            let isCode = i % 2 == 1 && i < parts.count - 1
            if isCode {
                out += "<code>" + Escape.text(String(part)) + "</code>"
            } else {
                // An unpaired last backquote stays as text.
                if i % 2 == 1 { out += "`" }
                out += Escape.text(String(part))
            }
        }
        return out
    }

    /// `expected`: the cell has `expect: error`; the box says so and is styled as a note.
    static func errorHTML(_ error: ReportError, expected: Bool = false) -> String {
        var s = expected
            ? "<div class=\"error expected\">\n<p class=\"error-message\"><strong>Expected error:</strong> " + inlineCode(error.message) + "</p>\n"
            : "<div class=\"error\">\n<p class=\"error-message\"><strong>Error:</strong> " + inlineCode(error.message) + "</p>\n"
        if !error.position.isEmpty {
            s += "<p class=\"error-position\"><code>" + Escape.text(error.position) + "</code></p>\n"
        }
        if !error.notes.isEmpty {
            s += "<ul class=\"error-notes\">\n" + error.notes.map { "<li><code>" + Escape.text($0) + "</code></li>\n" }.joined() + "</ul>\n"
        }
        return s + "</div>\n"
    }

    /// One output. `file`: where a table's or chart's data is written; `cellCaption`:
    /// the cell's caption when it names this output.
    mutating func outputHTML(_ output: ReportOutput, file: String?, cellCaption: CellCaption?, cellID: String) -> String {
        let csvFile = options.formats.contains(.csv) ? file : nil
        return Self.outputHTML(output, csvFile: csvFile, cellCaption: cellCaption, idBase: cellID, naming: &naming)
    }

    /// One output on its own (the ipynb's HTML of an output), its ids starting `idBase`.
    static func outputHTML(_ output: ReportOutput, csvFile: String?, idBase: String) -> String {
        var naming = FigureNaming(ids: IDAllocator(reserved: []))
        return outputHTML(output, csvFile: csvFile, cellCaption: nil, idBase: idBase, naming: &naming)
    }

    /// `idBase`: the start of the ids of its captions (the cell's id).
    static func outputHTML(_ output: ReportOutput, csvFile: String?, cellCaption: CellCaption?, idBase: String, naming: inout FigureNaming) -> String {
        let caption = output.caption.flatMap { $0.isEmpty ? nil : "<figcaption>" + Escape.text($0) + "</figcaption>\n" }
        switch output.content {
        case .text(let text):
            return wrap("<pre class=\"text\">" + Escape.text(text) + "</pre>\n", caption: caption, kind: "text")
        case .value(let text):
            return wrap("<div class=\"value\">" + Escape.text(text) + "</div>\n", caption: caption, kind: "value")
        case .list(let items, let total):
            var s = "<div class=\"list-output\">\n<ul class=\"list\">"
            for item in items.prefix(HTMLReport.listItemLimit) {
                s += "<li>" + Escape.text(item) + "</li>"
            }
            s += "</ul>\n"
            let shown = min(items.count, HTMLReport.listItemLimit)
            if total > shown {
                s += "<p class=\"more\">… and \(total - shown) more (\(total) in all)</p>\n"
            }
            s += "</div>\n"
            return wrap(s, caption: caption, kind: "list")
        case .record(let fields):
            var s = "<dl class=\"record\">\n"
            for field in fields {
                s += "<div><dt>" + Escape.text(field.name) + "</dt><dd>" + Escape.text(field.value) + "</dd></div>\n"
            }
            s += "</dl>\n"
            return wrap(s, caption: caption, kind: "record")
        case .table(let table):
            // Every table has a name: its caption above it (as in print), else the cell's
            // caption under it, else a caption only assistive technology reads.
            let id = naming.ids.unique(idBase + "-caption")
            if let text = output.caption, !text.isEmpty {
                return "<figure class=\"figure table\">\n<figcaption id=\"" + Escape.attribute(id) + "\">" + Escape.text(text) + "</figcaption>\n"
                    + tableHTML(table, csvFile: csvFile, name: .figcaption(id: id, text: text), naming: &naming) + "</figure>\n"
            }
            if let cellCaption {
                return "<figure class=\"figure table\">\n" + tableHTML(table, csvFile: csvFile, name: .figcaption(id: id, text: cellCaption.text), naming: &naming)
                    + cellCaption.figcaption(id: id) + "</figure>\n"
            }
            return "<figure class=\"figure table\">\n" + tableHTML(table, csvFile: csvFile, name: .hidden(id: id, text: TableName.generated(table)), naming: &naming) + "</figure>\n"
        case .chart(let chart):
            // The chart's data as a table, collapsed under it: after the figure, since a
            // `<figcaption>` must be a figure's first or last child.
            let renderer = ChartRenderer(chart: chart)
            let data = ChartDataTable.table(for: chart).map {
                "<details class=\"chart-data\"><summary>Data of this chart</summary>\n"
                    + tableHTML($0, csvFile: nil, name: .hidden(id: naming.ids.unique(idBase + "-data"), text: "Data of the chart: " + renderer.accessibleTitle), naming: &naming)
                    + "</details>\n"
            } ?? ""
            let tail = cellCaption.map { $0.figcaption(id: naming.ids.unique(idBase + "-caption")) } ?? ""
            return "<figure class=\"figure chart\">\n" + renderer.svg(standalone: false) + "\n" + (caption ?? "") + tail + "</figure>\n" + data
        }
    }

    private static func wrap(_ html: String, caption: String?, kind: String) -> String {
        guard let caption else { return html }
        return "<figure class=\"figure \(kind)\">\n" + html + caption + "</figure>\n"
    }

    /// A table alone, named by a caption only assistive technology reads.
    static func tableHTML(_ table: Table, csvFile: String?) -> String {
        var naming = FigureNaming(ids: IDAllocator(reserved: []))
        return tableHTML(table, csvFile: csvFile, name: .hidden(id: "table-caption", text: TableName.generated(table)), naming: &naming)
    }

    /// A table in its scrolling box, named by `name` (the box too: the keyboard can
    /// reach it when it scrolls, WCAG 2.1.1).
    static func tableHTML(_ table: Table, csvFile: String?, name: TableName, naming: inout FigureNaming) -> String {
        // Hidden columns are left out here only: the CSV holds every column.
        let views = table.columnViews
        let shownColumns = table.shownColumnIndices
        let columns = table.columns
        var s = "<div class=\"table-scroll\"" + naming.region(labelledBy: name.id, name: name.text) + ">\n"
        switch name {
        case .figcaption(let id, _):
            s += "<table class=\"folio-table\" aria-labelledby=\"" + Escape.attribute(id) + "\">\n"
        case .hidden(let id, let text):
            s += "<table class=\"folio-table\">\n<caption class=\"visually-hidden\" id=\"" + Escape.attribute(id) + "\">" + Escape.text(text) + "</caption>\n"
        }
        let rowHeader = keyColumn(table, shown: shownColumns)
        s += "<thead>\n<tr>"
        for c in shownColumns {
            s += columns[c].isNumeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">"
            s += Escape.text(views[c].header) + "</th>"
        }
        s += "</tr>\n</thead>\n<tbody>\n"
        let shown = min(table.rowCount, HTMLReport.tableRowLimit)
        for row in 0..<shown {
            s += "<tr>"
            for c in shownColumns {
                let column = columns[c]
                // The key column's cells head their rows.
                let (open, close) = c == rowHeader ? ("<th scope=\"row\"", "</th>") : ("<td", "</td>")
                guard row < column.count, !column.isNull(at: row) else {
                    s += open + (column.isNumeric ? " class=\"num null\">" : " class=\"null\">") + close
                    continue
                }
                switch column.storage {
                case .number(let values):
                    s += open + " class=\"num\">" + Escape.text(views[c].text(values[row])) + close
                case .string(let values):
                    // Short labels (country names, categories) stay on one line; long
                    // notes wrap within a readable measure. A wide table scrolls.
                    let text = values[row]
                    s += open + (text.count <= HTMLReport.shortTextLimit ? " class=\"label\">" : " class=\"long\">") + Escape.text(text) + close
                case .bool(let values):
                    s += open + " class=\"bool\">" + DisplayText.bool(values[row]) + close
                case .date(let values):
                    let day = values[row]
                    let text = c < views.count ? views[c].text(day: day) : CalendarDate.text(day)
                    s += open + " class=\"label date\">" + Escape.text(text) + close
                }
            }
            s += "</tr>\n"
        }
        s += "</tbody>\n</table>\n</div>\n"
        if table.rowCount > shown {
            s += "<p class=\"table-note\">… and \(table.rowCount - shown) more rows"
            if let csvFile {
                s += " (all in <a href=\"" + Escape.attribute(Escape.urlComponent(csvFile)) + "\">" + Escape.text(csvFile) + "</a>)"
            }
            s += "</p>\n"
        }
        return s
    }
}

/// What names a table: the figure's `<figcaption>` (by id), or a `<caption>` that only
/// assistive technology reads, for a table without a caption.
enum TableName {
    case figcaption(id: String, text: String)
    case hidden(id: String, text: String)

    var id: String {
        switch self { case .figcaption(let id, _), .hidden(let id, _): id }
    }
    var text: String {
        switch self { case .figcaption(_, let text), .hidden(_, let text): text }
    }

    /// The name of a table without a caption: its column headers (the first six) and
    /// its row count, "Table: country, share (32 rows)".
    static func generated(_ table: Table) -> String {
        let headers = table.shownColumnIndices.map { table.columnViews[$0].header }
        var text = "Table: " + headers.prefix(6).joined(separator: ", ")
        if headers.count > 6 { text += " and \(headers.count - 6) more column\(headers.count == 7 ? "" : "s")" }
        return text + " (\(table.rowCount) row\(table.rowCount == 1 ? "" : "s"))"
    }
}

/// A cell's caption as the report shows it.
struct CellCaption {
    var html: String
    /// The plain text: a region's name.
    var text: String
    var className: String

    /// The caption inside the figure it names.
    func figcaption(id: String) -> String {
        "<figcaption class=\"" + className + "\" id=\"" + Escape.attribute(id) + "\">" + html + "</figcaption>\n"
    }
}

extension HTMLBuilder {
    /// The column whose cells head their rows (`<th scope="row">`): the first shown
    /// column, when the table shows at least two and that column's values are all
    /// present and all different in the rows shown (a country, a year, a date) and not
    /// true/false; nil otherwise.
    static func keyColumn(_ table: Table, shown columns: [Int]) -> Int? {
        guard columns.count >= 2, let first = columns.first else { return nil }
        let column = table.columns[first]
        let rows = min(table.rowCount, HTMLReport.tableRowLimit, column.count)
        guard rows > 0, rows == min(table.rowCount, HTMLReport.tableRowLimit) else { return nil }
        for row in 0..<rows where column.isNull(at: row) { return nil }
        switch column.storage {
        case .bool: return nil
        case .number(let values):
            // Whole numbers only (years, ranks, codes): a first column of measurements is data.
            let keys = values.prefix(rows)
            return keys.allSatisfy({ $0 == $0.rounded() }) && Set(keys).count == rows ? first : nil
        case .string(let values): return Set((0..<rows).map { values[$0] }).count == rows ? first : nil
        case .date(let values): return Set(values.prefix(rows)).count == rows ? first : nil
        }
    }
}

extension Column {
    var isNumeric: Bool {
        if case .number = storage { return true }
        return false
    }
}
