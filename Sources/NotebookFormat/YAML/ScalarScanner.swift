/// Maps a scalar's value back to the file, character by character.
///
/// libyaml reports only where a scalar starts and ends; its value has lost indentation,
/// folding, quotes and escapes. This re-scans the file bytes between the marks with
/// the same rules libyaml 0.2.5 uses (`yaml_parser_scan_block_scalar`,
/// `yaml_parser_scan_flow_scalar`, `yaml_parser_scan_plain_scalar`), rebuilding the
/// value while recording where every character came from. Characters copied from the
/// file map to their own line and column; a line break in the value maps to the break
/// in the file; a folded space maps to the line break it replaces; an escape's result
/// maps to its backslash (a `''` in single quotes to its first quote).
///
/// If the rebuilt value ever differed from libyaml's (a case these rules miss), the map
/// falls back to aligning libyaml's value with the file text, so a position is always
/// near the right place and the value is always libyaml's.
package enum ScalarScanner {
    package static func sourceText(for scalar: YAMLScalar, in source: SourceFile) -> SourceText {
        exactSourceText(for: scalar, in: source) ?? aligned(scalar, in: source)
    }

    /// The map from the re-scan, or `nil` when the re-scan does not rebuild libyaml's
    /// value exactly.
    package static func exactSourceText(for scalar: YAMLScalar, in source: SourceFile) -> SourceText? {
        if let text = rescan(scalar, in: source) { return text }
        // An explicit indentation indicator counts from the enclosing block collection,
        // whose column the tree builder can misjudge when an anchor or tag stands
        // before it (`key: &a` then `- |2` on the next lines). Try the others.
        guard scalar.style == .literal || scalar.style == .folded else { return nil }
        var candidate = scalar
        for indent in -1..<min(scalar.start.column - 1, 200) where indent != scalar.parentIndent {
            candidate.parentIndent = indent
            if let text = rescan(candidate, in: source) { return text }
        }
        return nil
    }

    private static func rescan(_ scalar: YAMLScalar, in source: SourceFile) -> SourceText? {
        var scanner = Scan(source: source, scalar: scalar)
        switch scalar.style {
        case .literal, .folded: scanner.blockScalar()
        case .plain: scanner.plainScalar()
        case .singleQuoted, .doubleQuoted: scanner.flowScalar()
        }
        if scanner.failed || !scanner.out.value.elementsEqual(scalar.value.utf8) {
            return nil
        }
        return SourceText(text: scalar.value, file: source.path, segments: scanner.out.segments)
    }

    /// The mark of the scalar itself after its anchor and tag (and any spaces, line
    /// breaks and comments between them and the scalar).
    static func skipProperties(_ source: SourceFile, from start: YAMLMark, until end: YAMLMark) -> YAMLMark {
        var cursor = Cursor(bytes: source.bytes, offset: start.byteOffset, line: start.line, column: start.column - 1)
        let limit = end.byteOffset
        while cursor.offset < limit {
            let byte = cursor.byte
            if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "!") {
                while cursor.offset < limit, !cursor.isBlank, !cursor.isBreak { cursor.skip() }
            } else if cursor.isBlank {
                cursor.skip()
            } else if cursor.isBreak {
                cursor.skipLine()
            } else if byte == UInt8(ascii: "#") {
                while cursor.offset < limit, !cursor.isBreak { cursor.skip() }
            } else {
                break
            }
        }
        return YAMLMark(line: cursor.line, column: cursor.column + 1, byteOffset: cursor.offset)
    }

    /// Fallback: walks libyaml's value and finds each character at or after the
    /// previous match in the file; characters not found map to the current position.
    static func aligned(_ scalar: YAMLScalar, in source: SourceFile) -> SourceText {
        let bytes = source.bytes
        var cursor = Cursor(bytes: bytes, offset: scalar.start.byteOffset, line: scalar.start.line,
                            column: scalar.start.column - 1)
        var out = Output()
        let limit = min(bytes.count, max(scalar.end.byteOffset, scalar.start.byteOffset))
        let value = Array(scalar.value.utf8)
        var index = 0
        while index < value.count {
            let width = SourceFile.scalarWidth(value[index])
            let character = value[index..<min(value.count, index + width)]
            var probe = cursor
            var found = false
            var steps = 0
            while probe.offset < limit, steps < 256 {
                if probe.offset + width <= bytes.count, bytes[probe.offset..<probe.offset + width].elementsEqual(character) {
                    found = true
                    break
                }
                if probe.isBreak { probe.skipLine() } else { probe.skip() }
                steps += 1
            }
            if found {
                cursor = probe
                out.emit(character, line: cursor.line, column: cursor.column, extendable: true)
                if cursor.isBreak { cursor.skipLine() } else { cursor.skip() }
            } else {
                out.emit(character, line: cursor.line, column: cursor.column, extendable: false)
            }
            index += width
        }
        return SourceText(text: scalar.value, file: source.path, segments: out.segments)
    }
}

/// A position in the file bytes; the column is 0-based, counted in Unicode scalars.
struct Cursor {
    let bytes: [UInt8]
    var offset: Int
    var line: Int
    var column: Int

    var atEnd: Bool { offset >= bytes.count }
    var byte: UInt8 { offset < bytes.count ? bytes[offset] : 0 }
    func byte(at k: Int) -> UInt8 { offset + k < bytes.count ? bytes[offset + k] : 0 }
    var width: Int { SourceFile.scalarWidth(byte) }
    var isSpace: Bool { byte == 0x20 }
    var isTab: Bool { byte == 0x09 }
    var isBlank: Bool { byte == 0x20 || byte == 0x09 }
    var breakWidth: Int { atEnd ? 0 : SourceFile.lineBreakWidth(bytes, at: offset) }
    var isBreak: Bool { breakWidth > 0 }
    var isBlankOrBreakOrEnd: Bool { atEnd || isBlank || isBreak }
    var characterBytes: ArraySlice<UInt8> { bytes[offset..<min(bytes.count, offset + width)] }

    mutating func skip() {
        offset += width
        column += 1
    }

    mutating func skipLine() {
        let width = breakWidth
        guard width > 0 else { return }
        offset += width
        line += 1
        column = 0
    }

    /// libyaml's READ_LINE: CR LF, CR, LF and NEL become LF; LS and PS stay as they are.
    mutating func readLine() -> Piece {
        let piece: Piece
        if byte == 0xE2 {
            let scalar: UInt32 = byte(at: 2) == 0xA8 ? 0x2028 : 0x2029
            piece = Piece(scalar: scalar, line: line, column: column, extendable: true)
        } else {
            piece = Piece(scalar: 0x0A, line: line, column: column, extendable: true)
        }
        skipLine()
        return piece
    }

    /// A blank (space or tab) as a piece.
    mutating func readBlank() -> Piece {
        let piece = Piece(scalar: UInt32(byte), line: line, column: column, extendable: true)
        skip()
        return piece
    }
}

/// One value character held back while libyaml decides how to fold: a blank or a line
/// break, with the file position it stands for.
struct Piece {
    var scalar: UInt32
    var line: Int
    var column: Int
    var extendable: Bool
    var isLineFeed: Bool { scalar == 0x0A }
}

/// The rebuilt value and its segments.
struct Output {
    var value: [UInt8] = []
    var segments: [SourceText.Segment] = []
    /// Position of the last character when the next one may continue its segment.
    var lastLine = -1
    var lastColumn = -1

    mutating func emit<C: Collection<UInt8>>(_ bytes: C, line: Int, column: Int, extendable: Bool) {
        if !(line == lastLine && column == lastColumn + 1) {
            segments.append(SourceText.Segment(utf8Offset: value.count, line: line, column: column + 1))
        }
        value.append(contentsOf: bytes)
        if extendable {
            lastLine = line
            lastColumn = column
        } else {
            lastLine = -1
        }
    }

    /// Characters that stand in the file one after the other on one line.
    mutating func emitRun(_ bytes: ArraySlice<UInt8>, line: Int, column: Int, characters: Int) {
        guard characters > 0 else { return }
        if !(line == lastLine && column == lastColumn + 1) {
            segments.append(SourceText.Segment(utf8Offset: value.count, line: line, column: column + 1))
        }
        value.append(contentsOf: bytes)
        lastLine = line
        lastColumn = column + characters - 1
    }

    mutating func emit(_ piece: Piece) {
        emit(scalar: piece.scalar, line: piece.line, column: piece.column, extendable: piece.extendable)
    }

    mutating func emit(_ pieces: [Piece]) {
        for piece in pieces { emit(piece) }
    }

    mutating func emit(scalar: UInt32, line: Int, column: Int, extendable: Bool) {
        if scalar < 0x80 {
            emit(CollectionOfOne(UInt8(scalar)), line: line, column: column, extendable: extendable)
        } else if let unicode = Unicode.Scalar(scalar), let utf8 = UTF8.encode(unicode) {
            emit(utf8, line: line, column: column, extendable: extendable)
        }
    }
}

/// The re-scan of one scalar, following libyaml's scanner.
private struct Scan {
    var cursor: Cursor
    let scalar: YAMLScalar
    var out = Output()
    var failed = false

    init(source: SourceFile, scalar: YAMLScalar) {
        self.scalar = scalar
        cursor = Cursor(bytes: source.bytes, offset: scalar.start.byteOffset, line: scalar.start.line,
                        column: scalar.start.column - 1)
        out.value.reserveCapacity(scalar.value.utf8.count)
    }

    mutating func copyCharacter() {
        out.emit(cursor.characterBytes, line: cursor.line, column: cursor.column, extendable: true)
        cursor.skip()
    }

    /// Copies up to the next line break (or the end) in one go.
    mutating func copyRestOfLine() {
        let start = cursor.offset
        let line = cursor.line
        let column = cursor.column
        while !cursor.atEnd, !cursor.isBreak { cursor.skip() }
        out.emitRun(cursor.bytes[start..<cursor.offset], line: line, column: column, characters: cursor.column - column)
    }

    /// After a run of blanks and breaks: libyaml's folding of the held-back pieces.
    mutating func join(leadingBlanks: Bool, whitespaces: inout [Piece], leadingBreak: inout Piece?,
                       trailingBreaks: inout [Piece]) {
        if leadingBlanks {
            if let first = leadingBreak, first.isLineFeed {
                if trailingBreaks.isEmpty {
                    out.emit(scalar: 0x20, line: first.line, column: first.column, extendable: false)
                } else {
                    out.emit(trailingBreaks)
                }
            } else {
                if let first = leadingBreak { out.emit(first) }
                out.emit(trailingBreaks)
            }
            leadingBreak = nil
            trailingBreaks.removeAll(keepingCapacity: true)
        } else {
            out.emit(whitespaces)
            whitespaces.removeAll(keepingCapacity: true)
        }
    }

    // MARK: plain

    mutating func plainScalar() {
        let end = scalar.end.byteOffset
        var leadingBlanks = false
        var whitespaces: [Piece] = []
        var leadingBreak: Piece?
        var trailingBreaks: [Piece] = []
        while cursor.offset < end {
            while cursor.offset < end, !cursor.isBlank, !cursor.isBreak {
                if leadingBlanks || !whitespaces.isEmpty {
                    join(leadingBlanks: leadingBlanks, whitespaces: &whitespaces, leadingBreak: &leadingBreak,
                         trailingBreaks: &trailingBreaks)
                    leadingBlanks = false
                }
                copyCharacter()
            }
            let before = cursor.offset
            while cursor.offset < end, cursor.isBlank || cursor.isBreak {
                if cursor.isBlank {
                    if !leadingBlanks { whitespaces.append(cursor.readBlank()) } else { cursor.skip() }
                } else if !leadingBlanks {
                    whitespaces.removeAll(keepingCapacity: true)
                    leadingBreak = cursor.readLine()
                    leadingBlanks = true
                } else {
                    trailingBreaks.append(cursor.readLine())
                }
            }
            if cursor.offset == before, cursor.offset < end { failed = true; return }
        }
    }

    // MARK: quoted

    mutating func flowScalar() {
        let single = scalar.style == .singleQuoted
        let quote = single ? UInt8(ascii: "'") : UInt8(ascii: "\"")
        cursor.skip()  // the opening quote
        var whitespaces: [Piece] = []
        var leadingBreak: Piece?
        var trailingBreaks: [Piece] = []
        while true {
            if cursor.atEnd { failed = true; return }
            var leadingBlanks = false
            while !cursor.isBlankOrBreakOrEnd {
                let byte = cursor.byte
                if single, byte == quote, cursor.byte(at: 1) == quote {
                    out.emit(scalar: 0x27, line: cursor.line, column: cursor.column, extendable: false)
                    cursor.skip()
                    cursor.skip()
                } else if byte == quote {
                    break
                } else if !single, byte == UInt8(ascii: "\\"), cursor.byte(at: 1) != 0,
                          SourceFile.lineBreakWidth(cursor.bytes, at: cursor.offset + 1) > 0 {
                    cursor.skip()
                    cursor.skipLine()
                    leadingBlanks = true
                    break
                } else if !single, byte == UInt8(ascii: "\\") {
                    guard escape() else { failed = true; return }
                } else {
                    copyCharacter()
                }
            }
            if cursor.atEnd { failed = true; return }
            if cursor.byte == quote { break }
            while cursor.isBlank || cursor.isBreak {
                if cursor.isBlank {
                    if !leadingBlanks { whitespaces.append(cursor.readBlank()) } else { cursor.skip() }
                } else if !leadingBlanks {
                    whitespaces.removeAll(keepingCapacity: true)
                    leadingBreak = cursor.readLine()
                    leadingBlanks = true
                } else {
                    trailingBreaks.append(cursor.readLine())
                }
            }
            join(leadingBlanks: leadingBlanks, whitespaces: &whitespaces, leadingBreak: &leadingBreak,
                 trailingBreaks: &trailingBreaks)
        }
    }

    /// A double-quoted escape at the cursor; its result maps to the backslash.
    mutating func escape() -> Bool {
        let line = cursor.line
        let column = cursor.column
        let code = cursor.byte(at: 1)
        var hexDigits = 0
        var result: UInt32 = 0
        switch code {
        case UInt8(ascii: "0"): result = 0
        case UInt8(ascii: "a"): result = 7
        case UInt8(ascii: "b"): result = 8
        case UInt8(ascii: "t"), 0x09: result = 9
        case UInt8(ascii: "n"): result = 10
        case UInt8(ascii: "v"): result = 11
        case UInt8(ascii: "f"): result = 12
        case UInt8(ascii: "r"): result = 13
        case UInt8(ascii: "e"): result = 0x1B
        case UInt8(ascii: " "): result = 0x20
        case UInt8(ascii: "\""): result = 0x22
        case UInt8(ascii: "/"): result = 0x2F
        case UInt8(ascii: "'"): result = 0x27
        case UInt8(ascii: "\\"): result = 0x5C
        case UInt8(ascii: "N"): result = 0x85
        case UInt8(ascii: "_"): result = 0xA0
        case UInt8(ascii: "L"): result = 0x2028
        case UInt8(ascii: "P"): result = 0x2029
        case UInt8(ascii: "x"): hexDigits = 2
        case UInt8(ascii: "u"): hexDigits = 4
        case UInt8(ascii: "U"): hexDigits = 8
        default: return false
        }
        cursor.skip()
        cursor.skip()
        if hexDigits > 0 {
            for _ in 0..<hexDigits {
                guard let digit = Self.hexValue(cursor.byte) else { return false }
                result = result &* 16 &+ digit
                cursor.skip()
            }
        }
        out.emit(scalar: result, line: line, column: column, extendable: false)
        return true
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    // MARK: block

    mutating func blockScalar() {
        let literal = scalar.style == .literal
        cursor.skip()  // `|` or `>`
        var chomping = 0
        var increment = 0
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "1") && byte <= UInt8(ascii: "9") }
        func isChomp(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") }
        if isChomp(cursor.byte) {
            chomping = cursor.byte == UInt8(ascii: "+") ? 1 : -1
            cursor.skip()
            if isDigit(cursor.byte) { increment = Int(cursor.byte - UInt8(ascii: "0")); cursor.skip() }
        } else if isDigit(cursor.byte) {
            increment = Int(cursor.byte - UInt8(ascii: "0"))
            cursor.skip()
            if isChomp(cursor.byte) { chomping = cursor.byte == UInt8(ascii: "+") ? 1 : -1; cursor.skip() }
        }
        while cursor.isBlank { cursor.skip() }
        if cursor.byte == UInt8(ascii: "#") {
            while !cursor.atEnd, !cursor.isBreak { cursor.skip() }
        }
        if cursor.isBreak { cursor.skipLine() } else if !cursor.atEnd { failed = true; return }

        var indent = 0
        if increment > 0 {
            indent = scalar.parentIndent >= 0 ? scalar.parentIndent + increment : increment
        }
        var leadingBreak: Piece?
        var trailingBreaks: [Piece] = []
        var leadingBlank = false
        blockBreaks(indent: &indent, breaks: &trailingBreaks)
        while cursor.column == indent, !cursor.atEnd {
            let trailingBlank = cursor.isBlank
            if !literal, let first = leadingBreak, first.isLineFeed, !leadingBlank, !trailingBlank {
                if trailingBreaks.isEmpty {
                    out.emit(scalar: 0x20, line: first.line, column: first.column, extendable: false)
                }
            } else if let first = leadingBreak {
                out.emit(first)
            }
            leadingBreak = nil
            out.emit(trailingBreaks)
            trailingBreaks.removeAll(keepingCapacity: true)
            leadingBlank = cursor.isBlank
            copyRestOfLine()
            if cursor.isBreak { leadingBreak = cursor.readLine() }
            blockBreaks(indent: &indent, breaks: &trailingBreaks)
            if failed { return }
        }
        if chomping != -1, let first = leadingBreak { out.emit(first) }
        if chomping == 1 { out.emit(trailingBreaks) }
    }

    /// libyaml's `yaml_parser_scan_block_scalar_breaks`: skips indentation and collects
    /// empty lines; fixes the indentation when it is still to be detected.
    mutating func blockBreaks(indent: inout Int, breaks: inout [Piece]) {
        var maxIndent = 0
        while true {
            while indent == 0 || cursor.column < indent, cursor.isSpace { cursor.skip() }
            if cursor.column > maxIndent { maxIndent = cursor.column }
            if indent == 0 || cursor.column < indent, cursor.isTab { failed = true; return }
            if !cursor.isBreak { break }
            breaks.append(cursor.readLine())
        }
        if indent == 0 {
            indent = max(maxIndent, scalar.parentIndent + 1, 1)
        }
    }
}
