#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Language
import NotebookFormat
import Render

/// `--cache`: reuse a code cell's outputs and bindings when nothing it depends on changed.
///
/// A cell's key hashes the folio version, the notebook's parameters as used, the cell's
/// id and source, and the value of every notebook name the cell reads. Files the cell
/// read are not known before it runs, so the entry records each with its SHA-256 and a
/// lookup re-hashes them: a changed data file is a miss. Values that have no stable form
/// (functions) make a cell uncacheable. A stale result is never served: anything that
/// cannot be proven unchanged runs again.
struct CellCache {
    /// One notebook's cache folder, beside its output folder (`.folio-cache/STEM`).
    let folder: String
    private(set) var keysUsed: Set<String> = []

    init(outputFolder: String) {
        let parent = Paths.parent(outputFolder)
        folder = Paths.appending(parent.isEmpty ? "." : parent, ".folio-cache/" + Paths.lastComponent(outputFolder))
    }

    struct FileRead: Sendable, Equatable {
        /// As the manifest lists it (relative to the notebook's folder).
        var path: String
        var absolutePath: String
        var sha256: String
    }

    struct Entry {
        var files: [FileRead]
        var outputs: [CellOutput]
        var bound: [(name: String, value: Value)]
    }

    /// The key of a cell, or nil when a value it reads cannot be fingerprinted.
    static func key(cell: Cell, parameters: [(name: String, value: ParamValue)], used: [(name: String, value: Value?)]) -> String? {
        var w = ByteWriter()
        w.string("folio-cell-cache-3")
        w.string(FolioVersion.current)
        w.string(cell.id)
        w.string(cell.source.text)
        w.int(parameters.count)
        for (name, value) in parameters {
            w.string(name)
            guard let bytes = try? ValueCodec.encode(Value(value)) else { return nil }
            w.raw(bytes)
        }
        w.int(used.count)
        for (name, value) in used {
            w.string(name)
            guard let value else { w.bool(false); continue }
            w.bool(true)
            guard let bytes = try? ValueCodec.encode(value) else { return nil }
            w.raw(bytes)
        }
        return SHA256.hex(w.bytes)
    }

    private func path(_ key: String) -> String { Paths.appending(folder, key + ".bin") }

    /// The entry for `key` if present, readable, and every file it read is unchanged.
    mutating func lookup(_ key: String) -> Entry? {
        guard let data = FileManager.default.contents(atPath: path(key)),
              let entry = try? CellCache.decodeEntry([UInt8](data)) else { return nil }
        for file in entry.files {
            guard let bytes = FileManager.default.contents(atPath: file.absolutePath),
                  SHA256.hex([UInt8](bytes)) == file.sha256 else { return nil }
        }
        keysUsed.insert(key)
        return entry
    }

    /// Stores an entry; silently does nothing when a value has no stable form or the
    /// folder cannot be written (the cache is an optimisation, never a failure).
    mutating func store(_ key: String, _ entry: Entry) {
        guard let bytes = try? CellCache.encodeEntry(entry) else { return }
        do {
            try AtomicWriter.write([OutputFile(path: key + ".bin", bytes: bytes)], to: folder)
            keysUsed.insert(key)
        } catch {}
    }

    /// Removes entries this run neither read nor wrote, so the folder holds one run's worth.
    func prune() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasSuffix(".bin") && !keysUsed.contains(String(name.dropLast(4))) {
            try? FileManager.default.removeItem(atPath: Paths.appending(folder, name))
        }
    }

    static func encodeEntry(_ entry: Entry) throws(ValueCodec.NotEncodable) -> [UInt8] {
        var w = ByteWriter()
        w.string("entry-2")
        w.int(entry.files.count)
        for file in entry.files { w.string(file.path); w.string(file.absolutePath); w.string(file.sha256) }
        w.int(entry.outputs.count)
        for output in entry.outputs {
            switch output {
            case .printed(let text): w.tag(0); w.string(text)
            case .shown(let value, let caption): w.tag(1); w.optionalString(caption); try ValueCodec.encode(value, into: &w)
            }
        }
        w.int(entry.bound.count)
        for (name, value) in entry.bound { w.string(name); try ValueCodec.encode(value, into: &w) }
        return w.bytes
    }

    static func decodeEntry(_ bytes: [UInt8]) throws(ValueCodec.Malformed) -> Entry {
        var r = ByteReader(bytes: bytes)
        guard try r.string() == "entry-2" else { throw ValueCodec.Malformed() }
        var files: [FileRead] = []
        for _ in 0..<(try r.count()) {
            files.append(FileRead(path: try r.string(), absolutePath: try r.string(), sha256: try r.string()))
        }
        var outputs: [CellOutput] = []
        for _ in 0..<(try r.count()) {
            switch try r.tag() {
            case 0: outputs.append(.printed(try r.string()))
            case 1:
                let caption = try r.optionalString()
                outputs.append(.shown(try ValueCodec.decode(&r), caption: caption))
            default: throw ValueCodec.Malformed()
            }
        }
        var bound: [(name: String, value: Value)] = []
        for _ in 0..<(try r.count()) {
            let name = try r.string()
            bound.append((name, try ValueCodec.decode(&r)))
        }
        guard r.atEnd else { throw ValueCodec.Malformed() }
        return Entry(files: files, outputs: outputs, bound: bound)
    }
}
