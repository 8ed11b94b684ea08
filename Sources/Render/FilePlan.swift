// The names of the files a report's outputs go to (SPEC §6): `ID.csv` for a cell's
// first table (its `export:` name instead, when it has one), `ID-2.csv`, ... for more;
// `ID.svg`, `ID-2.svg`, ... for charts.

struct FilePlan {
    /// Per cell, per output: the file that output is written to (tables and charts only).
    private(set) var names: [[String?]]
    /// The ipynb's file name: the notebook's stem + `.ipynb`.
    let notebookFileName: String

    init(report: Report) {
        notebookFileName = FilePlan.stem(of: report.header.notebookFile) + ".ipynb"
        // Taken names, compared case-insensitively so that no two outputs collide on
        // a case-insensitive file system.
        var taken: Set<String> = ["index.html", "manifest.json", "results.json", notebookFileName.lowercased()]
        func claim(_ wanted: String) -> String {
            if taken.insert(wanted.lowercased()).inserted { return wanted }
            let (base, ext) = FilePlan.split(wanted)
            var n = 2
            while !taken.insert("\(base)-\(n)\(ext)".lowercased()).inserted { n += 1 }
            return "\(base)-\(n)\(ext)"
        }
        // Export names first: a name the author chose beats a generated one.
        var exports: [String?] = []
        for cell in report.cells {
            let hasTable = cell.outputs.contains { if case .table = $0.content { true } else { false } }
            if hasTable, let export = cell.export, FilePlan.isValidExport(export) {
                exports.append(claim(export))
            } else {
                exports.append(nil)
            }
        }
        var names: [[String?]] = []
        for (c, cell) in report.cells.enumerated() {
            var tables = 0
            var charts = 0
            var row: [String?] = []
            for output in cell.outputs {
                switch output.content {
                case .table:
                    tables += 1
                    if tables == 1, let export = exports[c] {
                        row.append(export)
                    } else {
                        row.append(claim(tables == 1 ? "\(cell.id).csv" : "\(cell.id)-\(tables).csv"))
                    }
                case .chart:
                    charts += 1
                    row.append(claim(charts == 1 ? "\(cell.id).svg" : "\(cell.id)-\(charts).svg"))
                default:
                    row.append(nil)
                }
            }
            names.append(row)
        }
        self.names = names
    }

    func name(cell: Int, output: Int) -> String? {
        guard names.indices.contains(cell), names[cell].indices.contains(output) else { return nil }
        return names[cell][output]
    }

    /// A plain `NAME.csv` in the output folder: no folders, not hidden, no control
    /// characters. Anything else is ignored (the loader should have refused it).
    static func isValidExport(_ name: String) -> Bool {
        name.count > 4 && name.hasSuffix(".csv") && !name.hasPrefix(".")
            && !name.contains("/") && !name.contains("\\")
            && !name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }

    /// `budget.yaml` → `budget`; folders dropped.
    static func stem(of file: String) -> String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        let (base, _) = split(name)
        return base.isEmpty ? "notebook" : base
    }

    /// `a.b.csv` → (`a.b`, `.csv`).
    static func split(_ name: String) -> (String, String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        return (String(name[..<dot]), String(name[dot...]))
    }
}
