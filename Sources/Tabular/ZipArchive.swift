#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CZlib

/// The members of a ZIP archive (an .xlsx workbook is one), read from its central
/// directory; a member is inflated as a stream (`ZipMemberStream`), never whole. The
/// archive is read in place — from a file by `pread`, so a workbook is never held whole
/// (its compressed size is close to its table's), or from bytes in memory (tests, fuzz).
///
/// Only what workbooks use: stored (0) and deflated (8) members, no encryption, no
/// ZIP64 (workbooks under 4 GiB). Sizes come from the central directory; a member whose
/// data inflates to more bytes than its recorded size, or whose CRC-32 does not match,
/// is an error, so a recorded size can be trusted for the memory check before inflating.
final class ZipArchive {
    struct Member {
        var name: String
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    enum Storage {
        case memory([UInt8])
        /// An open file (closed with the archive) and its size.
        case file(Int32, Int)
    }

    private let storage: Storage
    let size: Int
    private(set) var members: [String: Member] = [:]

    /// The archive in memory.
    convenience init(_ bytes: [UInt8]) throws(DataReadError) {
        try self.init(storage: .memory(bytes))
    }

    /// The archive in the regular file at `path`.
    convenience init(path: String) throws(DataReadError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .workbookCannotBeOpened }
        try self.init(descriptor: fd)
    }

    /// The archive in the open regular file `fd`, which the archive closes.
    convenience init(descriptor fd: Int32) throws(DataReadError) {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw .workbookNotRegularFile
        }
        try self.init(storage: .file(fd, Int(info.st_size)))
    }

    deinit {
        if case .file(let fd, _) = storage { close(fd) }
    }

    /// `count` bytes at `offset` (fewer at the end of the archive); nil when reading fails.
    func read(at offset: Int, count: Int) -> [UInt8]? {
        let n = max(0, min(count, size - offset))
        guard n > 0 else { return [] }
        switch storage {
        case .memory(let bytes):
            return Array(bytes[offset..<(offset + n)])
        case .file(let fd, _):
            var out = [UInt8](repeating: 0, count: n)
            var done = 0
            while done < n {
                let got = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress.map { $0 + done }, n - done, off_t(offset + done)) }
                if got < 0, errno == EINTR { continue }
                guard got > 0 else { return nil }
                done += got
            }
            return out
        }
    }

    private init(storage: Storage) throws(DataReadError) {
        self.storage = storage
        switch storage {
        case .memory(let bytes): size = bytes.count
        case .file(_, let size): self.size = size
        }
        let notZip = DataReadError.notZipArchive
        let failed = DataReadError.workbookReadFailed
        // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535.
        guard size >= 22 else { throw notZip }
        let tailStart = max(0, size - 22 - 65_535)
        guard let tail = read(at: tailStart, count: size - tailStart) else { throw failed }
        var eocd = -1
        var i = tail.count - 22
        while i >= 0 {
            if tail[i] == 0x50, tail[i + 1] == 0x4B, tail[i + 2] == 0x05, tail[i + 3] == 0x06 {
                eocd = i
                break
            }
            i -= 1
        }
        guard eocd >= 0 else { throw notZip }
        let count = Int(Self.u16(tail, eocd + 10))
        let directorySize = Int(Self.u32(tail, eocd + 12))
        let directoryOffset = Int(Self.u32(tail, eocd + 16))
        guard directoryOffset != 0xFFFF_FFFF, count != 0xFFFF else {
            throw .zip64
        }
        guard directoryOffset + directorySize <= tailStart + eocd else { throw notZip }
        guard let directory = read(at: directoryOffset, count: directorySize) else { throw failed }
        var p = 0
        for _ in 0..<count {
            guard p + 46 <= directory.count, Self.u32(directory, p) == 0x0201_4B50 else { throw notZip }
            let nameLength = Int(Self.u16(directory, p + 28)), extraLength = Int(Self.u16(directory, p + 30))
            let commentLength = Int(Self.u16(directory, p + 32))
            guard p + 46 + nameLength <= directory.count else { throw notZip }
            let name = String(decoding: directory[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            let member = Member(name: name, method: Self.u16(directory, p + 10), flags: Self.u16(directory, p + 8),
                                crc32: Self.u32(directory, p + 16), compressedSize: Int(Self.u32(directory, p + 20)),
                                uncompressedSize: Int(Self.u32(directory, p + 24)), localHeaderOffset: Int(Self.u32(directory, p + 42)))
            if member.compressedSize == 0xFFFF_FFFF || member.uncompressedSize == 0xFFFF_FFFF || member.localHeaderOffset == 0xFFFF_FFFF {
                throw .zip64
            }
            if members[name] == nil { members[name] = member }
            p += 46 + nameLength + extraLength + commentLength
        }
    }

    static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 { UInt32(u16(bytes, at)) | UInt32(u16(bytes, at + 2)) << 16 }

    /// The member's compressed bytes' range in the archive.
    func dataRange(_ member: Member) throws(DataReadError) -> Range<Int> {
        let p = member.localHeaderOffset
        guard p + 30 <= size, let header = read(at: p, count: 30), header.count == 30, Self.u32(header, 0) == 0x0403_4B50 else {
            throw .damagedArchive(member: member.name)
        }
        let start = p + 30 + Int(Self.u16(header, 26)) + Int(Self.u16(header, 28))
        guard start + member.compressedSize <= size else {
            throw .truncatedArchive(member: member.name)
        }
        return start..<(start + member.compressedSize)
    }
}

/// One member of a `ZipArchive`, inflated chunk by chunk.
final class ZipMemberStream {
    private let archive: ZipArchive
    private let member: ZipArchive.Member
    private let range: Range<Int>
    private var stream = z_stream()
    private var started = false
    private var finished = false
    private var produced = 0
    private var crc: UInt = 0
    /// Compressed bytes read from the archive, and those of `input` inflate has taken.
    private var consumed = 0
    private var input: [UInt8] = []
    private var inputUsed = 0
    /// Why reading stopped early (set by `read`).
    private(set) var failure: DataReadError?

    init(archive: ZipArchive, member: ZipArchive.Member) throws(DataReadError) {
        guard member.flags & 1 == 0 else { throw .encryptedWorkbook }
        guard member.method == 0 || member.method == 8 else {
            throw .unsupportedCompression(member: member.name, method: member.method)
        }
        self.archive = archive
        self.member = member
        range = try archive.dataRange(member)
        crc = CZlib.crc32(0, nil, 0)
    }

    deinit {
        if started { inflateEnd(&stream) }
    }

    /// Fills `buffer`; 0 at the end of the member, nil on an error (`failure`).
    func read(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        if failure != nil { return nil }
        if finished || buffer.isEmpty { return 0 }
        let n: Int
        if member.method == 0 {
            n = min(buffer.count, member.uncompressedSize - produced, range.count - produced)
            if n > 0 {
                guard let chunk = archive.read(at: range.lowerBound + produced, count: n), chunk.count == n else {
                    return fail(.workbookReadFailed)
                }
                chunk.withUnsafeBufferPointer { from in
                    if let source = from.baseAddress, let to = buffer.baseAddress { to.update(from: source, count: n) }
                }
            }
            if n == 0 || produced + n == member.uncompressedSize { finished = true }
        } else {
            if !started {
                guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                    return fail(.outOfMemoryInflating(member: member.name))
                }
                started = true
            }
            // The compressed bytes, 64 KiB at a time, kept until inflate has taken them;
            // inflate is called until it gives output, ends, or the data runs out.
            var out = 0
            while true {
                if inputUsed == input.count, consumed < range.count {
                    guard let chunk = archive.read(at: range.lowerBound + consumed, count: min(1 << 16, range.count - consumed)),
                          !chunk.isEmpty else {
                        return fail(.workbookReadFailed)
                    }
                    input = chunk
                    inputUsed = 0
                    consumed += chunk.count
                }
                let status: Int32 = input.withUnsafeMutableBufferPointer { source in
                    stream.next_in = source.baseAddress.map { $0 + inputUsed }
                    stream.avail_in = UInt32(source.count - inputUsed)
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
                    let status = inflate(&stream, Z_NO_FLUSH)
                    inputUsed = source.count - Int(stream.avail_in)
                    return status
                }
                out = buffer.count - Int(stream.avail_out)
                let exhausted = inputUsed == input.count && consumed == range.count
                if status == Z_STREAM_END {
                    finished = true
                    break
                }
                guard status == Z_OK || status == Z_BUF_ERROR else {
                    return fail(.memberDoesNotInflate(member.name))
                }
                if out > 0 { break }
                if exhausted { return fail(.memberTruncated(member.name)) }
            }
            n = out
        }
        produced += n
        guard produced <= member.uncompressedSize else {
            return fail(.memberLongerThanRecorded(member.name, recorded: member.uncompressedSize))
        }
        if n > 0, let base = buffer.baseAddress {
            crc = CZlib.crc32(crc, base, UInt32(n))
        }
        if finished {
            guard produced == member.uncompressedSize else {
                return fail(.memberShorterThanRecorded(member.name))
            }
            guard UInt32(truncatingIfNeeded: crc) == member.crc32 else {
                return fail(.memberCRCMismatch(member.name))
            }
        }
        return n
    }

    private func fail(_ error: DataReadError) -> Int? {
        failure = error
        return nil
    }
}
