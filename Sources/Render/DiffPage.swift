// `folio diff OLD NEW`: what changed between two runs of one notebook, as plain values
// (computed by the Runner's `OutputDiff`), as text for the terminal and as a page.

/// The comparison of two output folders.
package struct FolderDiff: Sendable, Equatable {
    package var old: String
    package var new: String
    /// The notebook's file name, as both manifests name it.
    package var notebook: String
    /// Parameters whose value differs: name, old text, new text (`nil`: absent).
    package var parameters: [ParameterChange]
    package var added: [String]
    package var removed: [String]
    /// Files in both whose bytes differ, in the new manifest's order.
    package var changed: [FileChange]

    package var isSame: Bool { parameters.isEmpty && added.isEmpty && removed.isEmpty && changed.isEmpty }

    package init(old: String, new: String, notebook: String, parameters: [ParameterChange] = [], added: [String] = [],
                 removed: [String] = [], changed: [FileChange] = []) {
        self.old = old
        self.new = new
        self.notebook = notebook
        self.parameters = parameters
        self.added = added
        self.removed = removed
        self.changed = changed
    }
}

package struct ParameterChange: Sendable, Equatable {
    package var name: String
    package var old: String?
    package var new: String?

    package init(name: String, old: String?, new: String?) {
        self.name = name
        self.old = old
        self.new = new
    }
}

/// A changed file: for a CSV, what changed in its table.
package struct FileChange: Sendable, Equatable {
    package var path: String
    package var table: TableChange?

    package init(path: String, table: TableChange? = nil) {
        self.path = path
        self.table = table
    }
}

package struct TableChange: Sendable, Equatable {
    /// The first column's name when rows were matched by it (its values unique in both),
    /// `nil` when matched by position.
    package var key: String?
    package var addedColumns: [String]
    package var removedColumns: [String]
    /// Rows only in the new table / only in the old one (counts; the first
    /// `CellChange.listLimit` listed by key or 1-based row number).
    package var addedRowCount: Int
    package var removedRowCount: Int
    package var addedRows: [String]
    package var removedRows: [String]
    /// Every changed cell is counted; the first `CellChange.listLimit` are listed.
    package var changedCellCount: Int
    package var cells: [CellChange]

    package init(key: String?, addedColumns: [String] = [], removedColumns: [String] = [], addedRowCount: Int = 0,
                 removedRowCount: Int = 0, addedRows: [String] = [], removedRows: [String] = [], changedCellCount: Int = 0,
                 cells: [CellChange] = []) {
        self.key = key
        self.addedRowCount = addedRowCount
        self.removedRowCount = removedRowCount
        self.addedColumns = addedColumns
        self.removedColumns = removedColumns
        self.addedRows = addedRows
        self.removedRows = removedRows
        self.changedCellCount = changedCellCount
        self.cells = cells
    }
}

package struct CellChange: Sendable, Equatable {
    /// The row's key value, or its 1-based number (in the new table) when matched by position.
    package var row: String
    package var column: String
    package var old: String
    package var new: String

    /// Cells listed per file (all are counted).
    package static let listLimit = 200

    package init(row: String, column: String, old: String, new: String) {
        self.row = row
        self.column = column
        self.old = old
        self.new = new
    }
}

extension FolderDiff {
    /// The terminal's summary: what changed, a line per file, a few cells per CSV.
    package func text(cellsPerFile: Int = 10) -> String {
        var s = "folio diff \(old) \(new) (\(notebook))\n"
        if isSame { return s + "no differences\n" }
        for change in parameters {
            s += "parameter \(change.name): \(change.old ?? "(none)") → \(change.new ?? "(none)")\n"
        }
        for path in added { s += "added:   \(path)\n" }
        for path in removed { s += "removed: \(path)\n" }
        for change in changed {
            s += "changed: \(change.path)"
            guard let table = change.table else { s += "\n"; continue }
            s += " — " + table.summary + "\n"
            for cell in table.cells.prefix(cellsPerFile) {
                s += "  \(table.rowLabel(cell.row)), \(cell.column): \(cell.old) → \(cell.new)\n"
            }
            if table.changedCellCount > min(cellsPerFile, table.cells.count) {
                s += "  … \(table.changedCellCount - min(cellsPerFile, table.cells.count)) more\n"
            }
            for (label, rows, count) in [("rows added", table.addedRows, table.addedRowCount), ("rows removed", table.removedRows, table.removedRowCount)]
            where count > 0 {
                s += "  \(label): " + table.rowList(rows, count: count, limit: cellsPerFile) + "\n"
            }
        }
        s += "\(changed.count) changed, \(added.count) added, \(removed.count) removed"
        if !parameters.isEmpty { s += "; \(parameters.count) parameter\(parameters.count == 1 ? "" : "s") changed" }
        return s + "\n"
    }

    /// A self-contained page with no script (the reports' Content-Security-Policy).
    package func html(folioVersion: String) -> String {
        var s = HTMLReport.documentStart(folioVersion: folioVersion)
        s += "<title>" + Escape.text("Changes in \(notebook)") + "</title>\n"
        s += "<style>\n" + ReportStyle.css + Self.css + "</style>\n</head>\n<body>\n"
        // The reports' landmarks: header, main, footer; a skip link to the changes.
        s += HTMLReport.skipLink(to: "changes")
        s += "<div class=\"folio folio-diff\">\n<header class=\"folio-header\">\n"
        s += "<h1 class=\"title\">Changes in " + Escape.text(notebook) + "</h1>\n"
        s += "<p class=\"subtitle\"><code>" + Escape.text(old) + "</code> → <code>" + Escape.text(new) + "</code></p>\n</header>\n<main id=\"changes\" tabindex=\"-1\">\n"
        if isSame {
            s += "<p class=\"diff-same\">No differences.</p>\n"
        }
        if !parameters.isEmpty {
            s += "<h2 id=\"diff-parameters\">Parameters</h2>\n" + HTMLReport.tableStart(labelledBy: "diff-parameters", class: "folio-table")
                + "<thead><tr><th scope=\"col\">Parameter</th><th scope=\"col\">Old</th><th scope=\"col\">New</th></tr></thead>\n<tbody>\n"
            for change in parameters {
                s += "<tr><th scope=\"row\">" + Escape.text(change.name) + "</th><td class=\"old\">" + Escape.text(change.old ?? "") + "</td><td class=\"new\">"
                    + Escape.text(change.new ?? "") + "</td></tr>\n"
            }
            s += "</tbody>\n</table></div>\n"
        }
        if !added.isEmpty || !removed.isEmpty || !changed.isEmpty {
            s += "<h2>Files</h2>\n<ul class=\"diff-files\">\n"
            for path in added { s += "<li class=\"added\">added <code>" + Escape.text(path) + "</code></li>\n" }
            for path in removed { s += "<li class=\"removed\">removed <code>" + Escape.text(path) + "</code></li>\n" }
            for change in changed {
                s += "<li class=\"changed\">changed <code>" + Escape.text(change.path) + "</code>"
                if let table = change.table { s += ": " + Self.codeSpans(table.summary) }
                s += "</li>\n"
            }
            s += "</ul>\n"
        }
        for (index, change) in changed.enumerated() {
            guard let table = change.table, !table.cells.isEmpty || table.addedRowCount + table.removedRowCount > 0 else { continue }
            let headingID = "diff-file-\(index + 1)"
            s += "<h2 id=\"\(headingID)\"><code>" + Escape.text(change.path) + "</code></h2>\n"
            for (label, rows, count) in [("Rows added", table.addedRows, table.addedRowCount), ("Rows removed", table.removedRows, table.removedRowCount)]
            where count > 0 {
                s += "<p class=\"diff-rows\"><strong>" + label + ":</strong> "
                    + Escape.text(table.rowList(rows, count: count, limit: CellChange.listLimit)) + "</p>\n"
            }
            guard !table.cells.isEmpty else { continue }
            s += HTMLReport.tableStart(labelledBy: headingID, class: "folio-table diff-cells") + "<thead><tr><th scope=\"col\">"
                + Escape.text(table.key ?? "Row") + "</th><th scope=\"col\">Column</th><th scope=\"col\">Old</th><th scope=\"col\">New</th></tr></thead>\n<tbody>\n"
            for cell in table.cells {
                s += "<tr><th scope=\"row\">" + Escape.text(cell.row) + "</th><td>" + Escape.text(cell.column) + "</td><td class=\"old\">"
                    + Escape.text(cell.old) + "</td><td class=\"new\">" + Escape.text(cell.new) + "</td></tr>\n"
            }
            s += "</tbody>\n</table></div>\n"
            if table.changedCellCount > table.cells.count {
                s += "<p class=\"diff-more\">… and \(table.changedCellCount - table.cells.count) more changed cells.</p>\n"
            }
        }
        s += "</main>\n<footer class=\"folio-footer\"><p>Generated by Folio " + Escape.text(folioVersion) + ".</p></footer>\n"
        s += "</div>\n</body>\n</html>\n"
        return s
    }


    /// Text with its `…` spans as `<code>`, the rest escaped.
    static func codeSpans(_ text: String) -> String {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().map { index, part in
            index % 2 == 1 ? "<code>" + Escape.text(String(part)) + "</code>" : Escape.text(String(part))
        }.joined()
    }

    static let css = """
    .folio-diff h2 { font-size: 1.15rem; margin: 1.5rem 0 0.5rem; }
    .diff-files { font-family: var(--sans); font-size: 0.9rem; }
    :root { --added: #1a7f37; }
    @media (prefers-color-scheme: dark) { :root { --added: #57d37a; } }
    .diff-files .added { color: var(--added); } .diff-files .removed { color: var(--error); }
    .folio-diff td.old { color: var(--error); text-decoration: line-through; }
    .folio-diff td.new { color: var(--added); font-weight: 600; }

    """
}

extension TableChange {
    /// `3 cells changed in 2 rows; 1 row added (rows matched by `year`)`.
    package var summary: String {
        var parts: [String] = []
        if changedCellCount > 0 { parts.append("\(changedCellCount) cell\(changedCellCount == 1 ? "" : "s") changed") }
        if addedRowCount > 0 { parts.append("\(addedRowCount) row\(addedRowCount == 1 ? "" : "s") added") }
        if removedRowCount > 0 { parts.append("\(removedRowCount) row\(removedRowCount == 1 ? "" : "s") removed") }
        if !addedColumns.isEmpty { parts.append("column\(addedColumns.count == 1 ? "" : "s") added: " + addedColumns.joined(separator: ", ")) }
        if !removedColumns.isEmpty { parts.append("column\(removedColumns.count == 1 ? "" : "s") removed: " + removedColumns.joined(separator: ", ")) }
        if parts.isEmpty { parts.append("same values, written differently") }
        return parts.joined(separator: "; ") + (key.map { " (rows matched by `\($0)`)" } ?? " (rows matched by position)")
    }

    /// `year=2025, year=2026 (and 3 more)`: the first `limit` rows by key or number.
    func rowList(_ rows: [String], count: Int, limit: Int) -> String {
        let shown = rows.prefix(limit).map(rowLabel)
        return shown.joined(separator: ", ") + (count > shown.count ? " (and \(count - shown.count) more)" : "")
    }

    func rowLabel(_ row: String) -> String {
        key.map { "\($0)=\(row)" } ?? "row \(row)"
    }
}
