import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Render
import Tabular

// read(2), named through its module: inside `DataFileSource` a bare `read` is the method.
#if canImport(Glibc)
private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { Glibc.read(fd, p, n) }
#elseif canImport(Darwin)
private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { Darwin.read(fd, p, n) }
#endif

/// A data file as the CSV reader's byte source: read in chunks, so the file is never
/// held whole, and hashed (SHA-256, for the manifest and the cell cache) as the chunks
/// go by, on another core while the reader parses. When the reader asks for positioned
/// reads (it parses a large file in parts on every core), the whole file is hashed by a
/// reader of its own on the side instead.
final class DataFileSource: CSVByteSource {
    private let fd: Int32
    private let size: Int
    /// True until the reader rewinds: only the first pass is hashed.
    private var firstPass = true
    /// The first pass reached the end of the file, so every byte was hashed.
    private var hashedAll = false
    private let hasher = Hasher()
    private let queue = DispatchQueue(label: "folio.hash")
    /// At most two chunks wait to be hashed (the hasher is faster than the parser;
    /// this only bounds memory if it is not).
    private let pending = DispatchSemaphore(value: 2)
    /// The whole file is being hashed on `queue` by its own reads (`positioned`).
    private var hashingOnTheSide = false

    private final class Hasher: Sendable {
        let state = Mutex(SHA256())
        /// The side reader hashed every byte (`positioned`).
        let hashedWhole = Mutex(false)
    }

    /// nil when the file cannot be opened.
    init?(path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            return nil
        }
        self.fd = fd
        size = max(0, Int(info.st_size))
    }

    deinit {
        if hashingOnTheSide { queue.sync {} }  // the side reader uses the descriptor
        close(fd)
    }

    var sizeHint: Int? { size }

    /// A second descriptor of the opened file (for a reader that reads at random, such as
    /// a workbook's): the file it reads is the file hashed. -1 when `dup` fails.
    func duplicateDescriptor() -> Int32 {
        fcntl(fd, F_DUPFD_CLOEXEC, 0)
    }

    func read(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        guard let base = buffer.baseAddress else { return 0 }
        while true {
            let n = systemRead(fd, base, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if firstPass {
                if n == 0 { hashedAll = true } else { hash(Array(UnsafeBufferPointer(rebasing: buffer[0..<n]))) }
            }
            return n
        }
    }

    var positioned: (any CSVPositionedBytes)? {
        if !hashingOnTheSide, firstPass {
            hashingOnTheSide = true
            firstPass = false  // the reader's own reads, if any, are not hashed again
            let file = PositionedFile(fd: fd, size: size), hasher = self.hasher
            queue.async {
                var chunk = [UInt8](repeating: 0, count: CSV.defaultChunkSize)
                var offset = 0
                while true {
                    guard let n = chunk.withUnsafeMutableBufferPointer({ file.read(at: offset, into: $0) }) else { return }
                    if n == 0 { break }
                    hasher.state.withLock { $0.update(chunk[0..<n]) }
                    offset += n
                }
                hasher.hashedWhole.withLock { $0 = true }
            }
        }
        return PositionedFile(fd: fd, size: size)
    }

    /// `pread(2)` on the open file: any offset, any thread, no shared position.
    private struct PositionedFile: CSVPositionedBytes {
        let fd: Int32
        let size: Int

        func read(at offset: Int, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
            guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
            while true {
                let n = pread(fd, base, buffer.count, off_t(offset))
                if n < 0 {
                    if errno == EINTR { continue }
                    return nil
                }
                return n
            }
        }
    }

    func rewind() -> Bool {
        firstPass = false
        return lseek(fd, 0, SEEK_SET) == 0
    }

    /// The file's SHA-256 in hex; reads what the reader left unread (it stopped at an
    /// error) so the digest is always the whole file's. nil if reading failed.
    func digest() -> String? {
        if hashingOnTheSide {
            queue.sync {}
            guard hasher.hashedWhole.withLock({ $0 }) else { return nil }
            return hasher.state.withLock { $0.finalizeHex() }
        }
        if !hashedAll {
            var chunk = [UInt8](repeating: 0, count: CSV.defaultChunkSize)
            while !hashedAll {
                guard let n = chunk.withUnsafeMutableBufferPointer({ read(into: $0) }) else { break }
                if n == 0 { break }
            }
        }
        queue.sync {}
        guard hashedAll else { return nil }
        return hasher.state.withLock { $0.finalizeHex() }
    }

    private func hash(_ chunk: [UInt8]) {
        pending.wait()
        let hasher = self.hasher, pending = self.pending
        queue.async {
            hasher.state.withLock { $0.update(chunk) }
            pending.signal()
        }
    }
}
