#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Reading a whole input file (a notebook, a CSV) into one byte array.
package enum FileBytes {
    /// Why a file could not be read.
    package enum Failure: Error, Equatable {
        /// No such file (also a dangling symbolic link or a missing folder on the way).
        case missing
        case directory
        /// A pipe, a device or a socket: reading it could block or never end.
        case notRegular
        /// Permission denied, or a read error.
        case unreadable
        /// Larger than the caller's limit (`readRegularFile(at:limit:)`): its size in bytes.
        case tooLarge(Int)
    }

    /// The bytes of the regular file at `path` (symbolic links followed). The file is
    /// opened first and its type taken from the open descriptor (`fstat`), so the file
    /// checked is the file read, whatever replaces the path in between. The open does not
    /// block (`O_NONBLOCK`): opening a named pipe for reading would otherwise wait for a
    /// writer before the check could refuse it.
    package static func readRegularFile(at path: String) -> Result<[UInt8], Failure> {
        readRegularFile(at: path, limit: nil)
    }

    /// As `readRegularFile(at:)`; a file larger than `limit` bytes (the opened file's
    /// size) is not read: `.tooLarge(size)`.
    package static func readRegularFile(at path: String, limit: Int?) -> Result<[UInt8], Failure> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            return .failure(errno == ENOENT || errno == ENOTDIR || errno == ELOOP ? .missing : .unreadable)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.unreadable) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .failure(.directory)
        default: return .failure(.notRegular)
        }
        if let limit, Int(info.st_size) > limit { return .failure(.tooLarge(Int(info.st_size))) }
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0 else { return .failure(.unreadable) }
        guard let bytes = contents(of: fd, size: Int(info.st_size)) else { return .failure(.unreadable) }
        return .success(bytes)
    }

    /// The bytes of the regular file at `path`, or `nil` (see `readRegularFile(at:)`).
    package static func contents(of path: String) -> [UInt8]? {
        try? readRegularFile(at: path).get()
    }

    /// Reads an open descriptor to its end straight into one array (`FileManager.contents`
    /// gives `Data`, and converting it to `[UInt8]` held a large file twice at the peak);
    /// `size` is the expected size, the array grows past it if the file does.
    private static func contents(of fd: Int32, size: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: max(0, size))
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

}
