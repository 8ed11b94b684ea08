import Foundation
import Language
import NotebookFormat
import Render
import Tabular

/// What a running notebook may do outside itself: read CSV files inside its folder (or
/// an `--allow-read` folder). It remembers every file read, with its SHA-256, for the
/// manifest.
final class NotebookHost: Language.Host, @unchecked Sendable {
    private let sandbox: FileSandbox
    private let lock = NSLock()
    private var inputs: [String: InputFile] = [:]
    private var requested: [String] = []
    /// Files read since `beginCell()`, for the cell cache.
    private var cellReads: [CellCache.FileRead] = []

    init(notebook: Notebook, allowRead: [String]) {
        let folder = (notebook.file as NSString).deletingLastPathComponent
        sandbox = FileSandbox(notebookFolder: folder.isEmpty ? "." : folder, allowRead: allowRead)
        if let bytes = FileManager.default.contents(atPath: notebook.file) {
            let name = (notebook.file as NSString).lastPathComponent
            inputs[name] = InputFile(path: name, sha256: SHA256.hex(Array(bytes)))
        }
    }

    /// Every input file, sorted by path (the manifest's order).
    var inputFiles: [InputFile] {
        lock.lock()
        defer { lock.unlock() }
        return inputs.values.sorted { $0.path < $1.path }
    }

    /// Every path a cell asked for inside the allowed folders, absolute, whether or not
    /// it existed (a missing data file that appears later is a change to watch).
    var requestedPaths: [String] {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }

    func readCSV(path: String, at location: SourceLocation) throws(Diagnostic) -> Table {
        let lexical = FileSandbox.normalize(path.hasPrefix("/") ? path : sandbox.base + "/" + path)
        lock.lock()
        if !requested.contains(lexical) { requested.append(lexical) }
        lock.unlock()
        let resolved: String
        do {
            resolved = try sandbox.resolve(path)
        } catch {
            switch error {
            case .outside:
                throw Diagnostic.error("cannot read `\(path)`: it is outside the notebook's folder (use --allow-read DIR to allow another folder)", at: location)
            case .missing:
                throw Diagnostic.error("cannot read `\(path)`: no such file in the notebook's folder", at: location)
            case .notAFile:
                throw Diagnostic.error("cannot read `\(path)`: it is a folder, not a file", at: location)
            }
        }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw Diagnostic.error("cannot read `\(path)`: permission denied or unreadable", at: location)
        }
        let bytes = [UInt8](data)
        let relative = relativePath(resolved)
        let digest = SHA256.hex(bytes)
        lock.lock()
        inputs[relative] = InputFile(path: relative, sha256: digest)
        cellReads.append(CellCache.FileRead(path: relative, absolutePath: resolved, sha256: digest))
        lock.unlock()
        do {
            return try CSV.read(bytes)
        } catch {
            let place = SourceLocation(file: path, line: error.line, column: error.column ?? 1)
            throw Diagnostic.error("in `\(path)` line \(error.line): \(error.message)", at: location,
                                   notes: [Diagnostic(.note, error.message, at: place)])
        }
    }

    func beginCell() {
        lock.lock()
        cellReads = []
        lock.unlock()
    }

    /// The files read since `beginCell()`.
    func endCell() -> [CellCache.FileRead] {
        lock.lock()
        defer { lock.unlock() }
        return cellReads
    }

    /// A cached cell's reads count as reads of this run (manifest, watch).
    func recordCached(_ files: [CellCache.FileRead]) {
        lock.lock()
        for file in files {
            inputs[file.path] = InputFile(path: file.path, sha256: file.sha256)
            if !requested.contains(file.absolutePath) { requested.append(file.absolutePath) }
        }
        lock.unlock()
    }

    /// The path relative to the notebook's folder, or absolute for `--allow-read` files.
    private func relativePath(_ resolved: String) -> String {
        let base = sandbox.base.hasSuffix("/") ? sandbox.base : sandbox.base + "/"
        return resolved.hasPrefix(base) ? String(resolved.dropFirst(base.count)) : resolved
    }
}
