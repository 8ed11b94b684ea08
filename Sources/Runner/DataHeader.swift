#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NotebookFormat
import Tabular

/// `folio check` opens every `data:` file and reads its header only: a missing file, and
/// the column names that the language's column checks compare against.
///
/// Each file kind reads its header its own way (`Kind`); a kind with no header reader
/// here is only checked to exist, and its columns are checked when the notebook runs.
enum DataHeader {
    /// The file kinds whose header `check` can read, by extension.
    enum Kind {
        case csv

        init?(path: String) {
            switch Paths.lastComponent(path).split(separator: ".").last?.lowercased() {
            case "csv": self = .csv
            default: return nil
            }
        }

        /// The column names, in file order.
        func columns(of path: String, as written: String, at location: SourceLocation) throws(Diagnostic) -> [String] {
            switch self {
            case .csv:
                guard var source = DataFileSource(path: path) else { throw Diagnostic.error(.unreadable(written), at: location) }
                do throws(CSV.ReadError) {
                    return try CSV.readHeader(from: &source)
                } catch {
                    let place = SourceLocation(file: written, line: error.line, column: error.column ?? 1)
                    throw Diagnostic.error(.malformedCSV(written, line: error.line, problem: error.message), at: location,
                                           notes: [Diagnostic(.note, error.message, at: place)])
                }
            }
        }
    }

    /// The columns of `source`'s file; `nil` when its kind has no header reader. Throws
    /// when the file is missing, outside the allowed folders, or its header is malformed.
    ///
    /// A workbook, JSON file or SQLite query has no header apart from its table: `host`
    /// reads the table as a run would (same read rules, under the run's memory limit and a
    /// time limit), so a missing sheet, a bad range or query, and a misspelt column are
    /// found here too.
    static func columns(of source: DataSource, sandbox: FileSandbox, host: NotebookHost? = nil) throws(Diagnostic) -> [String]? {
        let resolved: String
        do {
            resolved = try sandbox.resolve(source.path)
        } catch {
            switch error {
            case .outside: throw Diagnostic.error(.readOutsideFolder(source.path), at: source.pathLocation)
            case .missing:
                throw Diagnostic.error(.noSuchDataFile(source.path, suggestion: closestFile(to: source.path, sandbox: sandbox)),
                                       at: source.pathLocation)
            case .notAFile: throw Diagnostic.error(.dataFileNotRegular(source.path), at: source.pathLocation)
            }
        }
        if source.kind != .csv, let host { return try host.readData(source).names }
        return try Kind(path: resolved)?.columns(of: resolved, as: source.path, at: source.pathLocation)
    }

    /// A file beside the missing one whose name is close to it (`data/budgts.csv` →
    /// `data/budgets.csv`), as the path would be written.
    static func closestFile(to path: String, sandbox: FileSandbox) -> String? {
        let name = Paths.lastComponent(path)
        let folder = String(path.dropLast(name.count))
        let absoluteFolder = folder.hasPrefix("/") ? folder : sandbox.base + "/" + folder
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: absoluteFolder) else { return nil }
        return closestName(to: name, in: entries.filter { !$0.hasPrefix(".") }.sorted()).map { folder + $0 }
    }
}
