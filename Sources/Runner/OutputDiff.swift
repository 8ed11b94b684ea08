#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NotebookFormat
import Render
import ReportModel

/// `folio diff OLD NEW`: compares two output folders of one notebook. Files are those
/// either manifest lists (the manifest itself aside), compared byte for byte; a changed
/// CSV is compared cell by cell: columns by name, rows by the first column when its
/// values are unique in both tables, else by position.
package enum OutputDiff {
    /// What `folio diff` prints and how it exits.
    package struct Outcome: Sendable {
        package var text: String
        package var isSame: Bool
    }

    /// Compares, and with `page` writes the comparison there as HTML (atomically).
    package static func run(old: String, new: String, page: String?) throws(Diagnostic) -> Outcome {
        let diff = try compare(old: old, new: new)
        if let page {
            let folder = Paths.parent(page)
            do {
                try AtomicWriter.write([OutputFile(path: Paths.lastComponent(page), bytes: Array(diff.html(folioVersion: FolioVersion.current).utf8))],
                                       to: folder.isEmpty ? "." : folder)
            } catch {
                throw .error(.cannotWriteDiffPage(page, "\(error)"), at: nil)
            }
        }
        return Outcome(text: diff.text(), isSame: diff.isSame)
    }

    package static func compare(old: String, new: String) throws(Diagnostic) -> FolderDiff {
        guard let oldManifest = try Manifest.read(folder: old) else { throw .error(.noManifest(old), at: nil) }
        guard let newManifest = try Manifest.read(folder: new) else { throw .error(.noManifest(new), at: nil) }
        guard oldManifest.notebook == newManifest.notebook else {
            throw .error(.differentNotebooks(old: old, oldNotebook: oldManifest.notebook, new: new, newNotebook: newManifest.notebook), at: nil)
        }
        var diff = FolderDiff(old: old, new: new, notebook: newManifest.notebook)
        diff.parameters = parameterChanges(oldManifest.parameters ?? [], newManifest.parameters ?? [])
        for (folder, manifest) in [(old, oldManifest), (new, newManifest)] {
            if let path = manifest.outputs.map(\.path).first(where: { !isInsideFolder($0) }) {
                throw .error(.manifestPathOutside(folder, path), at: nil)
            }
        }
        let oldPaths = Set(oldManifest.outputs.map(\.path))
        let newPaths = Set(newManifest.outputs.map(\.path))
        diff.added = newManifest.outputs.map(\.path).filter { !oldPaths.contains($0) }
        diff.removed = oldManifest.outputs.map(\.path).filter { !newPaths.contains($0) }
        for path in newManifest.outputs.map(\.path) where oldPaths.contains(path) {
            let a = try contents(Paths.appending(old, path))
            let b = try contents(Paths.appending(new, path))
            if a == b { continue }
            var change = FileChange(path: path)
            if path.hasSuffix(".csv"), let x = RawCSV(a), let y = RawCSV(b) {
                change.table = compareTables(x, y)
            }
            diff.changed.append(change)
        }
        return diff
    }

    /// A manifest lists files inside its folder: a relative path with no `..` part.
    static func isInsideFolder(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }

    static func contents(_ path: String) throws(Diagnostic) -> [UInt8] {
        switch FileBytes.readRegularFile(at: path) {
        case .success(let bytes): return bytes
        case .failure: throw .error(.cannotRead(path, "it is listed in the manifest but cannot be read"), at: nil)
        }
    }

    static func parameterChanges(_ old: [Manifest.Parameter], _ new: [Manifest.Parameter]) -> [ParameterChange] {
        var changes: [ParameterChange] = []
        for parameter in new {
            let before = old.first { $0.name == parameter.name }
            if before?.value != parameter.value {
                changes.append(ParameterChange(name: parameter.name, old: before?.value.text, new: parameter.value.text))
            }
        }
        for parameter in old where !new.contains(where: { $0.name == parameter.name }) {
            changes.append(ParameterChange(name: parameter.name, old: parameter.value.text, new: nil))
        }
        return changes
    }

    static func compareTables(_ old: RawCSV, _ new: RawCSV) -> TableChange {
        var change = TableChange(key: nil)
        let oldColumns = Dictionary(old.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(new.header)
        change.addedColumns = new.header.filter { oldColumns[$0] == nil }
        change.removedColumns = old.header.filter { !newNames.contains($0) }
        // Column pairs compared: (old index, new index, name), in the new table's order.
        let pairs = new.header.enumerated().compactMap { index, name in oldColumns[name].map { ($0, index, name) } }

        let keyed = !old.header.isEmpty && !new.header.isEmpty && old.header[0] == new.header[0]
            && old.columnIsUnique(0) && new.columnIsUnique(0)
        if keyed { change.key = new.header[0] }
        // Matched rows (old, new); unmatched ones are added or removed.
        var matches: [(Int, Int)] = []
        if keyed && !(old.rowCount == new.rowCount && (0..<new.rowCount).allSatisfy { old.equal(row: $0, column: 0, new, row: $0, column: 0) }) {
            var oldRows: [String: Int] = [:]
            oldRows.reserveCapacity(old.rowCount)
            for r in 0..<old.rowCount { oldRows[old.text(row: r, column: 0)] = r }
            var matched = [Bool](repeating: false, count: old.rowCount)
            for r in 0..<new.rowCount {
                let key = new.text(row: r, column: 0)
                if let o = oldRows[key] {
                    matches.append((o, r))
                    matched[o] = true
                } else {
                    change.addedRowCount += 1
                    if change.addedRows.count < CellChange.listLimit { change.addedRows.append(key) }
                }
            }
            for r in 0..<old.rowCount where !matched[r] {
                change.removedRowCount += 1
                if change.removedRows.count < CellChange.listLimit { change.removedRows.append(old.text(row: r, column: 0)) }
            }
        } else {
            let common = min(old.rowCount, new.rowCount)
            matches = (0..<common).map { ($0, $0) }
            change.addedRowCount = new.rowCount - common
            change.removedRowCount = old.rowCount - common
            let label: (RawCSV, Int) -> String = { table, r in keyed ? table.text(row: r, column: 0) : String(r + 1) }
            change.addedRows = (common..<new.rowCount).prefix(CellChange.listLimit).map { label(new, $0) }
            change.removedRows = (common..<old.rowCount).prefix(CellChange.listLimit).map { label(old, $0) }
        }
        for (o, n) in matches {
            for (oc, nc, name) in pairs where !old.equal(row: o, column: oc, new, row: n, column: nc) {
                change.changedCellCount += 1
                if change.cells.count < CellChange.listLimit {
                    change.cells.append(CellChange(row: keyed ? new.text(row: n, column: 0) : String(n + 1), column: name,
                                                   old: old.text(row: o, column: oc), new: new.text(row: n, column: nc)))
                }
            }
        }
        return change
    }
}

extension Manifest {
    package struct Parameter: Sendable, Decodable {
        package var name: String
        package var value: ManifestValue
    }
}

/// A parameter value as the manifest writes it (JSON).
package indirect enum ManifestValue: Sendable, Decodable, Equatable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case list([ManifestValue])
    case null

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let text = try? container.decode(String.self) { self = .string(text) }
        else { self = .list(try container.decode([ManifestValue].self)) }
    }

    /// As the report's parameter box shows it (general format).
    var text: String {
        paramValue?.displayText(.general) ?? "null"
    }

    var paramValue: ParamValue? {
        switch self {
        case .number(let x): .number(x)
        case .string(let s): .string(s)
        case .bool(let b): .bool(b)
        case .list(let items): .list(items.compactMap(\.paramValue))
        case .null: nil
        }
    }
}

/// A CSV file's fields as byte ranges into its bytes: enough to compare two tables
/// written by folio (same quoting rules, so equal values are equal bytes) without
/// building a `String` per field. `nil` for a file that is not a rectangular CSV.
struct RawCSV {
    let bytes: [UInt8]
    let header: [String]
    /// Per field, row-major: start and end offsets into `bytes` (quotes included).
    private var bounds: [Int] = []
    let rowCount: Int

    init?(_ bytes: [UInt8]) {
        self.bytes = bytes
        var bounds: [Int] = []
        bounds.reserveCapacity(bytes.count / 4)
        var columns = -1
        var rows = 0
        var fieldsInRow = 0
        var i = 0
        let n = bytes.count
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        while i < n {
            // One field.
            let start = i
            if bytes[i] == quote {
                i += 1
                while i < n {
                    if bytes[i] == quote {
                        if i + 1 < n, bytes[i + 1] == quote { i += 2; continue }
                        break
                    }
                    i += 1
                }
                guard i < n else { return nil }
                i += 1
            } else {
                while i < n, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr { i += 1 }
            }
            bounds.append(start)
            bounds.append(i)
            fieldsInRow += 1
            if i < n, bytes[i] == comma {
                i += 1
                if i == n { bounds.append(i); bounds.append(i); fieldsInRow += 1 }
                continue
            }
            if i < n, bytes[i] == cr { i += 1 }
            if i < n, bytes[i] == lf { i += 1 }
            if columns < 0 { columns = fieldsInRow } else if fieldsInRow != columns { return nil }
            rows += 1
            fieldsInRow = 0
        }
        guard columns > 0, fieldsInRow == 0 else { return nil }
        var header: [String] = []
        for c in 0..<columns { header.append(RawCSV.unquote(bytes, bounds[2 * c], bounds[2 * c + 1])) }
        self.header = header
        self.bounds = Array(bounds[(2 * columns)...])
        self.rowCount = rows - 1
    }

    func text(row: Int, column: Int) -> String {
        let k = 2 * (row * header.count + column)
        return RawCSV.unquote(bytes, bounds[k], bounds[k + 1])
    }

    func equal(row: Int, column: Int, _ other: RawCSV, row otherRow: Int, column otherColumn: Int) -> Bool {
        let k = 2 * (row * header.count + column)
        let j = 2 * (otherRow * other.header.count + otherColumn)
        let length = bounds[k + 1] - bounds[k]
        guard length == other.bounds[j + 1] - other.bounds[j] else { return false }
        if length == 0 { return true }
        return bytes.withUnsafeBufferPointer { a in
            other.bytes.withUnsafeBufferPointer { b in
                guard let x = a.baseAddress, let y = b.baseAddress else { return false }
                return memcmp(x + bounds[k], y + other.bounds[j], length) == 0
            }
        }
    }

    /// Whether no two rows share the column's value. Values are told apart by a 64-bit
    /// hash of their bytes (FNV-1a); a collision counts as a repeat, so the rare false
    /// answer only makes rows match by position, which is never wrong, only less apt.
    func columnIsUnique(_ column: Int) -> Bool {
        var seen = Set<UInt64>()
        seen.reserveCapacity(rowCount)
        return bytes.withUnsafeBufferPointer { buffer in
            for r in 0..<rowCount {
                let k = 2 * (r * header.count + column)
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for i in bounds[k]..<bounds[k + 1] {
                    hash = (hash ^ UInt64(buffer[i])) &* 0x100_0000_01b3
                }
                if !seen.insert(hash).inserted { return false }
            }
            return true
        }
    }

    static func unquote(_ bytes: [UInt8], _ start: Int, _ end: Int) -> String {
        guard end - start >= 2, bytes[start] == UInt8(ascii: "\"") else {
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
        var out: [UInt8] = []
        var i = start + 1
        while i < end - 1 {
            out.append(bytes[i])
            i += bytes[i] == UInt8(ascii: "\"") ? 2 : 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
