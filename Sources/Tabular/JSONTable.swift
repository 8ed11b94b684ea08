/// `.json` (an array of objects) and `.jsonl` (one object a line) as a table.
///
/// Each object is a row; its keys are columns: the first object's keys in their order,
/// then each new key as it is met (earlier rows are null there). Values: numbers, text
/// (a column whose every text is `YYYY-MM-DD` is a date column, as in CSV), `true`/
/// `false`, `null`. A nested object or array is an error naming its path (`[3].address`),
/// and so is a key given twice in one object. The file is read in chunks (only the object
/// being read is held), strict RFC 8259: no comments, no trailing commas, no `NaN`; text
/// must be UTF-8. Errors give the file's line and column (columns count characters).
package enum JSONTable {
    package static func read(from source: inout some CSVByteSource, lines: Bool, limit: Int?) throws(DataReadError) -> Table {
        // The reader is not generic (a generic one, called from another module, would run
        // unspecialised: every field access through metadata); the source is reached
        // once a refill, through the existential.
        var reader = JSONTableReader(source: source, limit: limit)
        return try lines ? reader.readLines() : reader.readArray()
    }

    package static func read(_ bytes: [UInt8], lines: Bool, limit: Int? = nil) throws(DataReadError) -> Table {
        var source = CSVBytes(bytes)
        return try read(from: &source, lines: lines, limit: limit)
    }
}

private let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), newline = UInt8(ascii: "\n")

struct JSONTableReader {
    var source: any CSVByteSource
    var buffer: [UInt8]
    /// Valid bytes are `buffer[0..<end]`; `pos` is the next to read; bytes before `mark`
    /// (the start of the current object) may be dropped when the buffer is refilled.
    var end = 0, pos = 0, mark = 0
    /// The file offset of `buffer[0]`.
    var base = 0
    var atEOF = false
    var line = 1, lineStart = 0
    /// Characters of the current line that were dropped from the buffer.
    var charsBeforeBase = 0
    var builder: TableBuilder
    var columnOf: [String: Int] = [:]
    /// The row in which each column was last set (a key twice in one object).
    var setInRow: [Int] = []
    var objectIndex = 0
    var lines = false
    var scratch: [UInt8] = []
    /// The keys of the previous object by position, as their raw bytes (no escapes), with
    /// their columns: the next object's keys are compared byte for byte first (JSON
    /// Lines repeat one layout), so most keys need no `String` and no hashing.
    var keysByPosition: [(bytes: [UInt8], column: Int)] = []

    init(source: any CSVByteSource, limit: Int?) {
        self.source = source
        buffer = Array(repeating: 0, count: 1 << 16)
        builder = TableBuilder(limit: limit, datesFromText: true)
    }

    // MARK: the two layouts

    mutating func readArray() throws(DataReadError) -> Table {
        skipBOM()
        try skipWhitespace()
        guard let first = try peek() else { throw DataReadError.emptyJSONFile }
        guard first == UInt8(ascii: "[") else {
            throw error(.notAnArray(startsWith: describe(first)))
        }
        pos += 1
        try skipWhitespace()
        if try peek() == UInt8(ascii: "]") {
            pos += 1
        } else {
            while true {
                try skipWhitespace()
                mark = pos
                guard let byte = try peek() else { throw error(.arrayNotClosed) }
                guard byte == UInt8(ascii: "{") else {
                    throw error(.elementNotAnObject(objectIndex + 1, describeValue(byte)))
                }
                try object()
                try skipWhitespace()
                guard let next = try peek() else { throw error(.arrayNotClosedAfterElement) }
                pos += 1
                if next == UInt8(ascii: "]") { break }
                guard next == UInt8(ascii: ",") else {
                    pos -= 1
                    throw error(.separatorExpectedAfterElement(objectIndex, found: describe(next)))
                }
            }
        }
        mark = pos
        try skipWhitespace()
        if let extra = try peek() { throw error(.textAfterArray(describe(extra))) }
        return builder.finish()
    }

    mutating func readLines() throws(DataReadError) -> Table {
        lines = true
        skipBOM()
        while true {
            try skipWhitespace()
            mark = pos
            guard let byte = try peek() else { break }
            guard byte == UInt8(ascii: "{") else {
                throw error(.lineNotAnObject(startsWith: describeValue(byte)))
            }
            try object()
            // Only spaces to the end of the line.
            while let next = try peek(), next == 0x20 || next == 0x09 || next == 0x0D { pos += 1 }
            if let next = try peek(), next != newline {
                throw error(.textAfterLineObject(describe(next)))
            }
        }
        return builder.finish()
    }

    // MARK: objects and values

    mutating func object() throws(DataReadError) {
        pos += 1  // {
        do {
            try builder.addRow()
        } catch {
            throw .tooLarge(error.bytes)
        }
        objectIndex += 1
        let row = builder.rowCount
        try skipWhitespace()
        if try peek() == UInt8(ascii: "}") {
            pos += 1
            return
        }
        var position = 0
        while true {
            try skipWhitespace()
            guard let byte = try peek() else { throw error(.objectNotClosed) }
            guard byte == quote else { throw error(.keyExpected(found: describe(byte))) }
            var column = -1
            if position < keysByPosition.count, try sameKey(keysByPosition[position].bytes) {
                column = keysByPosition[position].column
            }
            let key: String
            if column >= 0 {
                key = builder.names[column]
            } else {
                key = try string()
                if let known = columnOf[key] {
                    column = known
                } else {
                    column = builder.addColumn(key)
                    columnOf[key] = column
                    setInRow.append(0)
                }
                // Matched by its UTF-8 next time: bytes without `"`, `\` or control
                // characters between quotes can only be this key.
                let raw = Array(key.utf8)
                if !raw.contains(where: { $0 == quote || $0 == backslash || $0 < 0x20 }) {
                    if position < keysByPosition.count {
                        keysByPosition[position] = (raw, column)
                    } else if position == keysByPosition.count {
                        keysByPosition.append((raw, column))
                    }
                }
            }
            position += 1
            try skipWhitespace()
            guard try peek() == UInt8(ascii: ":") else { throw error(.colonExpected(afterKey: key)) }
            pos += 1
            try skipWhitespace()
            if setInRow[column] == row {
                throw error(.keyGivenTwice(key, in: objectName()))
            }
            setInRow[column] = row
            try value(column: column, key: key)
            try skipWhitespace()
            guard let next = try peek() else { throw error(.objectNotClosedAfterValue) }
            pos += 1
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else {
                pos -= 1
                throw error(.separatorExpectedAfterValue(of: key, found: describe(next)))
            }
        }
    }

    func objectName() -> String {
        lines ? "the object of this line" : "element \(objectIndex) of the array"
    }

    mutating func value(column: Int, key: String) throws(DataReadError) {
        guard let byte = try peek() else { throw error(.valueExpected(afterKey: key)) }
        switch byte {
        case quote:
            builder.setText(try string(), column: column)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            builder.setNumber(try number(), column: column)
        case UInt8(ascii: "t"):
            try literal("true")
            builder.setBool(true, column: column)
        case UInt8(ascii: "f"):
            try literal("false")
            builder.setBool(false, column: column)
        case UInt8(ascii: "n"):
            try literal("null")
            builder.setNull(column: column)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let path = (lines ? "" : "[\(objectIndex - 1)]") + "." + key
            throw error(.nestedValue(key, path: path, isObject: byte == UInt8(ascii: "{")))
        default:
            throw error(.valueExpected(afterKey: key, found: describe(byte)))
        }
    }

    mutating func literal(_ word: StaticString) throws(DataReadError) {
        for i in 0..<word.utf8CodeUnitCount {
            guard let byte = try peekAhead(i), byte == word.utf8Start[i] else {
                throw error(.notAValue(describe(buffer[pos])))
            }
        }
        pos += word.utf8CodeUnitCount
    }

    /// A JSON number (RFC 8259's grammar); too large for a double is an error.
    mutating func number() throws(DataReadError) -> Double {
        // Fast path: the number and the byte after it are in the buffer (64 bytes are
        // asked for); numbers longer than that take the careful path below.
        if end - pos < 64, !atEOF { _ = try peekAhead(63) }
        let start = pos
        let scanned: Int? = buffer.withUnsafeBufferPointer { b in
            var i = start
            @inline(__always) func digit(_ k: Int) -> Bool { k < end && b[k] &- 0x30 < 10 }
            if i < end, b[i] == UInt8(ascii: "-") { i += 1 }
            guard digit(i) else { return nil }
            if b[i] == UInt8(ascii: "0") { i += 1 } else { while digit(i) { i += 1 } }
            if i < end, b[i] == UInt8(ascii: ".") {
                i += 1
                guard digit(i) else { return nil }
                while digit(i) { i += 1 }
            }
            if i < end, b[i] | 0x20 == UInt8(ascii: "e") {
                i += 1
                if i < end, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                guard digit(i) else { return nil }
                while digit(i) { i += 1 }
            }
            guard i < end else { return nil }
            let after = b[i]
            if after &- 0x30 < 10 || (after | 0x20 >= 0x61 && after | 0x20 <= 0x7A) || after == UInt8(ascii: ".") { return nil }
            return i
        }
        if let stop = scanned {
            let parsed = buffer.withUnsafeBufferPointer { parseNumber($0, start, stop, trim: false) }
            if case .number(let value) = parsed {
                pos = stop
                return value
            }
        }
        return try carefulNumber()
    }

    /// The number at `pos`, reading more as needed; the errors' places.
    mutating func carefulNumber() throws(DataReadError) -> Double {
        // `pos` stays on the number's first byte (a refill may move it) until the end.
        var i = 0
        func byte(_ k: Int) throws(DataReadError) -> UInt8? { try peekAhead(k) }
        func isDigit(_ b: UInt8?) -> Bool { b.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        if try byte(i) == UInt8(ascii: "-") { i += 1 }
        guard let lead = try byte(i), isDigit(lead) else { throw error(.minusWithoutDigits) }
        i += 1
        if lead != UInt8(ascii: "0") { while isDigit(try byte(i)) { i += 1 } }
        if try byte(i) == UInt8(ascii: ".") {
            i += 1
            guard isDigit(try byte(i)) else { pos += i; throw error(.digitsExpectedAfterDecimalPoint) }
            while isDigit(try byte(i)) { i += 1 }
        }
        if let e = try byte(i), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            i += 1
            if let sign = try byte(i), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { i += 1 }
            guard isDigit(try byte(i)) else { pos += i; throw error(.digitsExpectedInExponent) }
            while isDigit(try byte(i)) { i += 1 }
        }
        // A number runs into a letter or digit only when malformed (`01`, `1x`).
        if let after = try byte(i), (after >= 0x30 && after <= 0x39) || (after | 0x20 >= 0x61 && after | 0x20 <= 0x7A) || after == UInt8(ascii: ".") {
            throw error(.notANumber)
        }
        let start = pos
        let parsed = buffer.withUnsafeBufferPointer { parseNumber($0, start, start + i, trim: false) }
        guard case .number(let value) = parsed else { throw error(.numberOutOfRange) }
        pos += i
        return value
    }

    /// A string at `pos` (on its opening quote).
    mutating func string() throws(DataReadError) -> String {
        pos += 1
        // Fast path: no escapes.
        var i = pos
        while true {
            if i == end {
                let offset = i - pos
                guard try refill() else { pos = end; throw error(.textNotClosed) }
                i = pos + offset
                continue
            }
            let byte = buffer[i]
            if byte == quote {
                guard let text = String(validating: buffer[pos..<i], as: UTF8.self) else {
                    throw error(.invalidUTF8)
                }
                pos = i + 1
                return text
            }
            if byte == backslash || byte < 0x20 { break }
            i += 1
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: buffer[pos..<i])
        pos = i
        while true {
            guard let byte = try peek() else { throw error(.textNotClosed) }
            if byte == quote {
                pos += 1
                break
            }
            if byte < 0x20 { throw error(.controlCharacterInText) }
            pos += 1
            guard byte == backslash else {
                scratch.append(byte)
                continue
            }
            guard let escape = try peek() else { throw error(.textNotClosed) }
            pos += 1
            switch escape {
            case quote, backslash, UInt8(ascii: "/"): scratch.append(escape)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800, scalar < 0xDC00 {
                    guard try peek() == backslash, try peekAhead(1) == UInt8(ascii: "u") else {
                        throw error(.loneSurrogate(scalar))
                    }
                    pos += 2
                    let low = try hex4()
                    guard low >= 0xDC00, low < 0xE000 else { throw error(.loneSurrogate(scalar)) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00, scalar < 0xE000 {
                    throw error(.loneSurrogate(scalar))
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw error(.notACharacter(scalar)) }
                scratch.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                pos -= 2
                throw error(.unknownEscape(escape))
            }
        }
        guard let text = String(validating: scratch, as: UTF8.self) else { throw error(.invalidUTF8) }
        return text
    }

    /// Whether the key at `pos` (its opening quote) is `bytes` exactly; if so, moves past
    /// its closing quote.
    mutating func sameKey(_ bytes: [UInt8]) throws(DataReadError) -> Bool {
        let length = bytes.count
        guard let close = try peekAhead(length + 1), close == quote else { return false }
        let start = pos + 1
        let same = buffer.withUnsafeBufferPointer { b in
            bytes.withUnsafeBufferPointer { k in
                for i in 0..<length where b[start + i] != k[i] { return false }
                return true
            }
        }
        if same { pos += length + 2 }
        return same
    }

    mutating func hex4() throws(DataReadError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = try peek() else { throw error(.hexDigitsExpected) }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error(.hexDigitsExpected)
            }
            value = value << 4 | digit
            pos += 1
        }
        return value
    }

    // MARK: bytes

    mutating func skipBOM() {
        if (try? peekAhead(0)) == 0xEF, (try? peekAhead(1)) == 0xBB, (try? peekAhead(2)) == 0xBF {
            pos += 3
            lineStart = 3
        }
    }

    mutating func skipWhitespace() throws(DataReadError) {
        while true {
            if pos == end, !(try refill()) { return }
            let byte = buffer[pos]
            if byte == newline {
                line += 1
                lineStart = base + pos + 1
                charsBeforeBase = 0
            } else if byte != 0x20, byte != 0x09, byte != 0x0D {
                return
            }
            pos += 1
        }
    }

    @inline(__always)
    mutating func peek() throws(DataReadError) -> UInt8? {
        if pos == end, !(try refill()) { return nil }
        return buffer[pos]
    }

    /// The byte `k` after `pos`, reading more when needed.
    mutating func peekAhead(_ k: Int) throws(DataReadError) -> UInt8? {
        while pos + k >= end {
            if !(try refill()) { return nil }
        }
        return buffer[pos + k]
    }

    /// Reads more bytes after `end`, first dropping those before `mark` (or growing the
    /// buffer when the object fills it); false at the end of the file.
    mutating func refill() throws(DataReadError) -> Bool {
        if atEOF { return false }
        if mark > 0 {
            let from = max(0, lineStart - base)
            if from < mark { charsBeforeBase += characters(buffer[from..<mark]) }
            buffer.withUnsafeMutableBufferPointer { b in
                if let p = b.baseAddress { p.update(from: p + mark, count: end - mark) }
            }
            base += mark
            end -= mark
            pos -= mark
            mark = 0
        }
        if end == buffer.count { buffer += Array(repeating: 0, count: buffer.count) }
        let n = buffer.withUnsafeMutableBufferPointer { b in
            source.read(into: UnsafeMutableBufferPointer(rebasing: b[end...]))
        }
        guard let n else { throw .fileReadFailed }
        if n == 0 {
            atEOF = true
            return false
        }
        end += n
        return true
    }

    func characters(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    // MARK: errors

    /// An error at `pos`.
    func error(_ problem: JSONProblem) -> DataReadError {
        let from = min(max(0, lineStart - base), pos)
        let column = charsBeforeBase + characters(buffer[from..<min(pos, end)]) + 1
        return DataReadError(problem.text, at: .text(line: line, column: column))
    }

    func describe(_ byte: UInt8) -> String {
        switch byte {
        case 0x20...0x7E: "`\(String(decoding: [byte], as: UTF8.self))`"
        case newline: "the end of the line"
        default: "the byte 0x\(String(byte, radix: 16, uppercase: true))"
        }
    }

    func describeValue(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "["): "an array"
        case quote: "text"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): "a number"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a bool"
        case UInt8(ascii: "n"): "null"
        default: describe(byte)
        }
    }
}
