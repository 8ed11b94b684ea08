/// The bytes of one input file with its line table, kept so that diagnostics can show
/// the offending line without reading the file again.
///
/// Lines are split the way libyaml counts them (CR LF, CR, LF, NEL U+0085, LS U+2028,
/// PS U+2029 each end a line), so that line numbers from the YAML parser, from scalar
/// offset maps and from this table always agree. A UTF-8 byte order mark before the
/// first line is not part of it (libyaml skips it without counting a column).
package struct SourceFile: Sendable {
    /// The path as the user gave it.
    package let path: String
    package let bytes: [UInt8]
    /// Byte offset where each line's text starts (index 0 is line 1).
    package let lineStarts: [Int]
    /// Byte offset just past each line's text (before its line break).
    package let lineEnds: [Int]

    package init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts: [Int] = []
        var ends: [Int] = []
        starts.reserveCapacity(bytes.count / 32 + 1)
        ends.reserveCapacity(bytes.count / 32 + 1)
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var index = start
        let count = bytes.count
        while index < count {
            let width = SourceFile.lineBreakWidth(bytes, at: index)
            if width > 0 {
                starts.append(start)
                ends.append(index)
                index += width
                start = index
            } else {
                index += 1
            }
        }
        starts.append(start)
        ends.append(count)
        self.lineStarts = starts
        self.lineEnds = ends
    }

    /// A file given as text (tests, or inputs that are not read from disk).
    package init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// Number of lines; a file ending in a line break has an empty last line.
    package var lineCount: Int { lineStarts.count }

    /// The text of line `number` (1-based) without its line break, or `nil` past the end.
    package func line(_ number: Int) -> String? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        return String(decoding: bytes[lineStarts[number - 1]..<lineEnds[number - 1]], as: UTF8.self)
    }

    /// The byte offset of `line`:`column` (both 1-based; the column counts Unicode
    /// scalars). A column past the line's end gives the offset of its line break.
    package func byteOffset(line: Int, column: Int) -> Int? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        var offset = lineStarts[line - 1]
        let end = lineEnds[line - 1]
        var remaining = column - 1
        while remaining > 0, offset < end {
            offset += SourceFile.scalarWidth(bytes[offset])
            remaining -= 1
        }
        return min(offset, end)
    }

    /// The 1-based line and column (in Unicode scalars) of a byte offset.
    package func position(ofByte offset: Int) -> (line: Int, column: Int) {
        // The last line whose start is <= offset.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var column = 1
        var index = lineStarts[low]
        while index < offset, index < bytes.count {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return (low + 1, column)
    }

    package func location(ofByte offset: Int) -> SourceLocation {
        let (line, column) = position(ofByte: offset)
        return SourceLocation(file: path, line: line, column: column)
    }

    /// The length in bytes of the line break at `index`, or 0 when there is none.
    @inline(__always)
    package static func lineBreakWidth(_ bytes: [UInt8], at index: Int) -> Int {
        let byte = bytes[index]
        if byte == 0x0A { return 1 }
        if byte == 0x0D { return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1 }
        if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0x85 { return 2 }
        if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
           bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 { return 3 }
        return 0
    }

    /// Bytes in the UTF-8 sequence led by `lead` (1 for stray continuation bytes, so
    /// that walking never stalls).
    @inline(__always)
    package static func scalarWidth(_ lead: UInt8) -> Int {
        if lead < 0xC0 { return 1 }
        if lead < 0xE0 { return 2 }
        if lead < 0xF0 { return 3 }
        return 4
    }

    /// The byte offset of the first byte that is not part of valid UTF-8, or `nil`.
    /// Overlong forms, surrogates and values above U+10FFFF are invalid.
    package static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let width: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: width = 2
            case 0xE0: width = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: width = 3
            case 0xED: width = 3; high = 0x9F
            case 0xF0: width = 4; low = 0x90
            case 0xF1...0xF3: width = 4
            case 0xF4: width = 4; high = 0x8F
            default: return index
            }
            guard index + width <= count else { return index }
            let second = bytes[index + 1]
            guard second >= low, second <= high else { return index }
            var k = 2
            while k < width {
                guard bytes[index + k] & 0xC0 == 0x80 else { return index }
                k += 1
            }
            index += width
        }
        return nil
    }
}

/// The input files whose lines diagnostics may show, by path as given. The loader adds
/// every notebook it reads; callers add other inputs (CSV files) they read themselves.
package struct SourceFiles: Sendable {
    private var files: [String: SourceFile] = [:]

    package init() {}

    package mutating func add(_ file: SourceFile) {
        files[file.path] = file
    }

    package subscript(path: String) -> SourceFile? {
        files[path]
    }
}
