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
        guard let bytes = Self.readBytes(resolved) else {
            throw Diagnostic.error("cannot read `\(path)`: permission denied or unreadable", at: location)
        }
        let relative = relativePath(resolved)
        // Hashing (for the manifest) and parsing both read the whole file: on two cores
        // at once. Each slot is written by one iteration and read after both finished.
        let hashed = Slot<String>(), parsed = Slot<Result<Table, CSV.ReadError>>()
        DispatchQueue.concurrentPerform(iterations: 2) { task in
            if task == 0 {
                hashed.value = SHA256.hex(bytes)
            } else {
                parsed.value = Result { () throws(CSV.ReadError) in try CSV.read(bytes) }
            }
        }
        let digest = hashed.value ?? SHA256.hex(bytes)
        lock.lock()
        inputs[relative] = InputFile(path: relative, sha256: digest)
        cellReads.append(CellCache.FileRead(path: relative, absolutePath: resolved, sha256: digest))
        lock.unlock()
        let result = parsed.value ?? .failure(CSV.ReadError(message: "the file was not read", line: 1))
        switch result {
        case .success(let table):
            return table
        case .failure(let error):
            let place = SourceLocation(file: path, line: error.line, column: error.column ?? 1)
            throw Diagnostic.error("in `\(path)` line \(error.line): \(error.message)", at: location,
                                   notes: [Diagnostic(.note, error.message, at: place)])
        }
    }

    /// The whole file read straight into one array. (`FileManager.contents` gives `Data`,
    /// and converting it to `[UInt8]` held a large CSV twice at the peak.)
    static func readBytes(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: max(0, Int(info.st_size)))
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: max(4096, bytes.count / 2))) }
            let n = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return read(fd, base + filled, buffer.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeLast(bytes.count - filled)
        return bytes
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

/// A value written by one task of a `concurrentPerform` and read after it returns
/// (which orders the accesses).
private final class Slot<Value>: @unchecked Sendable {
    var value: Value?
}
