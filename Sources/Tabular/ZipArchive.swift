internal import CZlib

/// The members of a ZIP archive held in memory (an .xlsx workbook is one), read from its
/// central directory; a member is inflated as a stream (`ZipMemberStream`), never whole.
///
/// Only what workbooks use: stored (0) and deflated (8) members, no encryption, no
/// ZIP64 (workbooks under 4 GiB). Sizes come from the central directory; a member whose
/// data inflates to more bytes than its recorded size, or whose CRC-32 does not match,
/// is an error, so a recorded size can be trusted for the memory check before inflating.
struct ZipArchive {
    struct Member {
        var name: String
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let bytes: [UInt8]
    private(set) var members: [String: Member] = [:]

    init(_ bytes: [UInt8]) throws(DataReadError) {
        self.bytes = bytes
        let notZip = DataReadError("not an .xlsx workbook: the file is not a ZIP archive (or it is truncated)")
        // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535.
        guard bytes.count >= 22 else { throw notZip }
        var eocd = -1
        var i = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while i >= lowest {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x05, bytes[i + 3] == 0x06 {
                eocd = i
                break
            }
            i -= 1
        }
        guard eocd >= 0 else { throw notZip }
        let count = Int(u16(eocd + 10))
        let directorySize = Int(u32(eocd + 12))
        let directoryOffset = Int(u32(eocd + 16))
        guard directoryOffset != 0xFFFF_FFFF, count != 0xFFFF else {
            throw DataReadError("the workbook is a ZIP64 archive, which Folio does not read")
        }
        guard directoryOffset + directorySize <= eocd else { throw notZip }
        var p = directoryOffset
        for _ in 0..<count {
            guard p + 46 <= eocd, u32(p) == 0x0201_4B50 else { throw notZip }
            let nameLength = Int(u16(p + 28)), extraLength = Int(u16(p + 30)), commentLength = Int(u16(p + 32))
            guard p + 46 + nameLength <= eocd else { throw notZip }
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            let member = Member(name: name, method: u16(p + 10), flags: u16(p + 8), crc32: u32(p + 16),
                                compressedSize: Int(u32(p + 20)), uncompressedSize: Int(u32(p + 24)),
                                localHeaderOffset: Int(u32(p + 42)))
            if member.compressedSize == 0xFFFF_FFFF || member.uncompressedSize == 0xFFFF_FFFF || member.localHeaderOffset == 0xFFFF_FFFF {
                throw DataReadError("the workbook is a ZIP64 archive, which Folio does not read")
            }
            if members[name] == nil { members[name] = member }
            p += 46 + nameLength + extraLength + commentLength
        }
    }

    func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }

    /// The member's compressed bytes' range in the archive.
    func dataRange(_ member: Member) throws(DataReadError) -> Range<Int> {
        let p = member.localHeaderOffset
        guard p + 30 <= bytes.count, u32(p) == 0x0403_4B50 else {
            throw DataReadError("the workbook's archive is damaged (member `\(member.name)`)")
        }
        let start = p + 30 + Int(u16(p + 26)) + Int(u16(p + 28))
        guard start + member.compressedSize <= bytes.count else {
            throw DataReadError("the workbook is truncated (member `\(member.name)` runs past the end of the file)")
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
    /// Why reading stopped early (set by `read`).
    private(set) var failure: DataReadError?

    init(archive: ZipArchive, member: ZipArchive.Member) throws(DataReadError) {
        guard member.flags & 1 == 0 else { throw DataReadError("the workbook is encrypted (password-protected); save it without a password") }
        guard member.method == 0 || member.method == 8 else {
            throw DataReadError("the workbook's member `\(member.name)` is compressed with method \(member.method), which Folio does not read")
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
            n = min(buffer.count, member.uncompressedSize - produced)
            archive.bytes.withUnsafeBufferPointer { source in
                if n > 0, let from = source.baseAddress, let to = buffer.baseAddress {
                    to.update(from: from + range.lowerBound + produced, count: n)
                }
            }
            if n == 0 || produced + n == member.uncompressedSize { finished = true }
        } else {
            if !started {
                guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                    return fail("out of memory inflating `\(member.name)`")
                }
                started = true
            }
            let status: Int32 = archive.bytes.withUnsafeBufferPointer { source in
                guard let base = source.baseAddress else { return Z_DATA_ERROR }
                let consumed = Int(stream.total_in)
                stream.next_in = UnsafeMutablePointer(mutating: base + range.lowerBound + consumed)
                stream.avail_in = UInt32(range.count - consumed)
                stream.next_out = buffer.baseAddress
                stream.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
                return inflate(&stream, Z_NO_FLUSH)
            }
            n = buffer.count - Int(stream.avail_out)
            switch status {
            case Z_STREAM_END:
                finished = true
            case Z_OK:
                break
            case Z_BUF_ERROR where n > 0:
                break
            default:
                return fail("the workbook's member `\(member.name)` is damaged or truncated (its compressed data does not inflate)")
            }
            if n == 0 && !finished {
                return fail("the workbook's member `\(member.name)` is truncated")
            }
        }
        produced += n
        guard produced <= member.uncompressedSize else {
            return fail("the workbook's member `\(member.name)` inflates to more than the \(member.uncompressedSize) bytes its archive records")
        }
        if n > 0, let base = buffer.baseAddress {
            crc = CZlib.crc32(crc, base, UInt32(n))
        }
        if finished {
            guard produced == member.uncompressedSize else {
                return fail("the workbook's member `\(member.name)` is shorter than its archive records (truncated)")
            }
            guard UInt32(truncatingIfNeeded: crc) == member.crc32 else {
                return fail("the workbook's member `\(member.name)` is damaged (its CRC-32 does not match)")
            }
        }
        return n
    }

    private func fail(_ message: String) -> Int? {
        failure = DataReadError(message)
        return nil
    }
}
