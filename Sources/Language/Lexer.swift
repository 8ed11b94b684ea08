import NotebookFormat

/// A half-open range of UTF-8 offsets into a cell's text.
struct SourceRange: Sendable, Equatable {
    var start: Int
    var end: Int
}

enum TokenKind: Equatable, Sendable {
    case number(Double)
    case string(String)
    case identifier(String)
    /// `@name`: the notebook-level `name`, whatever a column or local of that name says.
    case notebookName(String)
    // Keywords.
    case kwFn, kwIf, kwElse, kwFor, kwIn, kwAnd, kwOr, kwNot, kwTrue, kwFalse, kwNull
    // Punctuation and operators.
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, semicolon, colon, dot, dotDot, equal, arrow, pipe
    case plus, minus, star, slash, caret
    case equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
    case newline
    case endOfInput

    /// How messages name the token: `)`, `a number`, `` `x` ``.
    var description: String {
        switch self {
        case .number: "a number"
        case .string: "a string"
        case .identifier(let name): "`\(name)`"
        case .notebookName(let name): "`@\(name)`"
        case .kwFn: "`fn`"
        case .kwIf: "`if`"
        case .kwElse: "`else`"
        case .kwFor: "`for`"
        case .kwIn: "`in`"
        case .kwAnd: "`and`"
        case .kwOr: "`or`"
        case .kwNot: "`not`"
        case .kwTrue: "`true`"
        case .kwFalse: "`false`"
        case .kwNull: "`null`"
        case .leftParen: "`(`"
        case .rightParen: "`)`"
        case .leftBracket: "`[`"
        case .rightBracket: "`]`"
        case .leftBrace: "`{`"
        case .rightBrace: "`}`"
        case .comma: "`,`"
        case .semicolon: "`;`"
        case .colon: "`:`"
        case .dot: "`.`"
        case .dotDot: "`..`"
        case .equal: "`=`"
        case .arrow: "`=>`"
        case .pipe: "`|>`"
        case .plus: "`+`"
        case .minus: "`-`"
        case .star: "`*`"
        case .slash: "`/`"
        case .caret: "`^`"
        case .equalEqual: "`==`"
        case .bangEqual: "`!=`"
        case .less: "`<`"
        case .lessEqual: "`<=`"
        case .greater: "`>`"
        case .greaterEqual: "`>=`"
        case .newline: "end of line"
        case .endOfInput: "end of cell"
        }
    }
}

struct Token: Sendable {
    var kind: TokenKind
    var range: SourceRange
}

/// A problem found while lexing, positioned by UTF-8 offset (mapped to the file later).
struct LexError: Sendable {
    var message: String
    var offset: Int
}

let keywords: [String: TokenKind] = [
    "fn": .kwFn, "if": .kwIf, "else": .kwElse, "for": .kwFor, "in": .kwIn, "and": .kwAnd,
    "or": .kwOr, "not": .kwNot, "true": .kwTrue, "false": .kwFalse, "null": .kwNull,
]

/// Turns a cell's text (or a slice of it, for inline expressions) into tokens.
/// Works on UTF-8 bytes; only string literals and comments may hold non-ASCII text.
struct Lexer {
    private let bytes: [UInt8]
    private var position: Int
    private let end: Int
    private(set) var errors: [LexError] = []

    init(text: String, start: Int = 0, end: Int? = nil) {
        bytes = Array(text.utf8)
        position = start
        self.end = min(end ?? bytes.count, bytes.count)
    }

    static func tokenize(_ text: String, start: Int = 0, end: Int? = nil) -> (tokens: [Token], errors: [LexError]) {
        var lexer = Lexer(text: text, start: start, end: end)
        var tokens: [Token] = []
        while true {
            let token = lexer.next()
            tokens.append(token)
            if token.kind == .endOfInput { break }
        }
        return (tokens, lexer.errors)
    }

    private func peek(_ ahead: Int = 0) -> UInt8 {
        let index = position + ahead
        return index < end ? bytes[index] : 0
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    private static func isIdentStart(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 }
    private static func isIdentPart(_ b: UInt8) -> Bool { isIdentStart(b) || isDigit(b) }

    mutating func next() -> Token {
        while position < end {
            let b = bytes[position]
            if b == 32 || b == 9 || b == 13 {
                position += 1
            } else if b == 35 { // '#': comment to end of line
                while position < end, bytes[position] != 10 { position += 1 }
            } else {
                break
            }
        }
        let start = position
        guard position < end else { return Token(kind: .endOfInput, range: SourceRange(start: end, end: end)) }
        let b = bytes[position]
        func single(_ kind: TokenKind, _ length: Int = 1) -> Token {
            position += length
            return Token(kind: kind, range: SourceRange(start: start, end: position))
        }
        switch b {
        case 10: return single(.newline)
        case 40: return single(.leftParen)
        case 41: return single(.rightParen)
        case 91: return single(.leftBracket)
        case 93: return single(.rightBracket)
        case 123: return single(.leftBrace)
        case 125: return single(.rightBrace)
        case 44: return single(.comma)
        case 59: return single(.semicolon)
        case 58: return single(.colon)
        case 43: return single(.plus)
        case 45: return single(.minus)
        case 42: return single(.star)
        case 47: return single(.slash)
        case 94: return single(.caret)
        case 46:
            if peek(1) == 46 { return single(.dotDot, 2) }
            return single(.dot)
        case 61:
            if peek(1) == 61 { return single(.equalEqual, 2) }
            if peek(1) == 62 { return single(.arrow, 2) }
            return single(.equal)
        case 33:
            if peek(1) == 61 { return single(.bangEqual, 2) }
        case 60:
            if peek(1) == 61 { return single(.lessEqual, 2) }
            return single(.less)
        case 62:
            if peek(1) == 61 { return single(.greaterEqual, 2) }
            return single(.greater)
        case 124:
            if peek(1) == 62 { return single(.pipe, 2) }
        case 34:
            return lexString()
        case 64: // '@'
            position += 1
            let nameStart = position
            while position < end, Lexer.isIdentPart(bytes[position]) { position += 1 }
            let name = String(decoding: bytes[nameStart..<position], as: UTF8.self)
            if name.isEmpty || !Lexer.isIdentStart(bytes[nameStart]) {
                errors.append(LexError(.atWithoutName, at: start))
                return next()
            }
            if keywords[name] != nil {
                errors.append(LexError(.atKeyword(name), at: start))
            }
            return Token(kind: .notebookName(name), range: SourceRange(start: start, end: position))
        default:
            if Lexer.isDigit(b) { return lexNumber() }
            if Lexer.isIdentStart(b) || (b >= 0x80 && startsLetter(at: position)) {
                // Non-ASCII letters join the word so one error names the whole word and
                // parsing goes on as if it were a name.
                var firstNonASCII: Int?
                while position < end {
                    let c = bytes[position]
                    if Lexer.isIdentPart(c) {
                        position += 1
                    } else if c >= 0x80, c & 0xC0 != 0x80, startsLetter(at: position) {
                        if firstNonASCII == nil { firstNonASCII = position }
                        position += 1
                        while position < end, bytes[position] & 0xC0 == 0x80 { position += 1 }
                    } else {
                        break
                    }
                }
                let name = String(decoding: bytes[start..<position], as: UTF8.self)
                if let offset = firstNonASCII {
                    errors.append(LexError(.nonASCIIName(name), at: offset))
                }
                return Token(kind: keywords[name] ?? .identifier(name), range: SourceRange(start: start, end: position))
            }
        }
        // An unexpected character: report it and skip the whole UTF-8 sequence.
        var length = 1
        while position + length < end, bytes[position + length] & 0xC0 == 0x80 { length += 1 }
        let text = String(decoding: bytes[position..<(position + length)], as: UTF8.self)
        let shown = b == 33 ? "`!` (use `not` or `!=`)" : b == 124 ? "`|` (did you mean `|>`?)" : "`\(text)`"
        errors.append(LexError(.unexpectedCharacter(shown), at: position))
        position += length
        return next()
    }

    /// Whether the UTF-8 sequence at `index` is a letter (for the non-ASCII name error).
    private func startsLetter(at index: Int) -> Bool {
        var length = 1
        while index + length < end, bytes[index + length] & 0xC0 == 0x80 { length += 1 }
        let text = String(decoding: bytes[index..<(index + length)], as: UTF8.self)
        return text.unicodeScalars.first?.properties.isAlphabetic ?? false
    }

    private mutating func lexNumber() -> Token {
        let start = position
        var digits: [UInt8] = []
        func scanDigits(_ lexer: inout Lexer) {
            while lexer.position < lexer.end {
                let c = lexer.bytes[lexer.position]
                if Lexer.isDigit(c) {
                    digits.append(c)
                    lexer.position += 1
                } else if c == 95, lexer.position > start, Lexer.isDigit(lexer.bytes[lexer.position - 1]),
                          Lexer.isDigit(lexer.peek(1)) {
                    lexer.position += 1 // digit separator `_` between two digits
                } else {
                    break
                }
            }
        }
        scanDigits(&self)
        if peek() == 46, Lexer.isDigit(peek(1)) { // '.' followed by a digit (so `1..5` stays a range)
            digits.append(46)
            position += 1
            scanDigits(&self)
        }
        if peek() == 101 || peek() == 69 { // exponent
            var ahead = 1
            if peek(1) == 43 || peek(1) == 45 { ahead = 2 }
            if Lexer.isDigit(peek(ahead)) {
                digits.append(101)
                if ahead == 2 { digits.append(peek(1)) }
                position += ahead
                scanDigits(&self)
            }
        }
        var value = Double(String(decoding: digits, as: UTF8.self)) ?? 0
        if peek() == 37 { // '%' directly after the number: a percent literal
            position += 1
            value /= 100
        }
        if Lexer.isIdentStart(peek()) {
            errors.append(LexError(.letterAfterNumber, at: position))
            while position < end, Lexer.isIdentPart(bytes[position]) { position += 1 }
        }
        if !value.isFinite {
            errors.append(LexError(.numberTooLarge, at: start))
            value = 0
        }
        return Token(kind: .number(value), range: SourceRange(start: start, end: position))
    }

    private mutating func lexString() -> Token {
        let start = position
        position += 1
        var out: [UInt8] = []
        while true {
            guard position < end, bytes[position] != 10 else {
                errors.append(LexError(.unterminatedString, at: start))
                return Token(kind: .string(String(decoding: out, as: UTF8.self)), range: SourceRange(start: start, end: position))
            }
            let c = bytes[position]
            if c == 34 {
                position += 1
                break
            }
            if c == 92 {
                let escape = peek(1)
                switch escape {
                case 34: out.append(34); position += 2
                case 92: out.append(92); position += 2
                case 110: out.append(10); position += 2
                case 116: out.append(9); position += 2
                case 117 where peek(2) == 123: // \u{XXXX}
                    var index = position + 3
                    var hex = 0
                    var count = 0
                    while index < end, count < 8, let digit = Lexer.hexValue(bytes[index]) {
                        hex = hex * 16 + digit
                        count += 1
                        index += 1
                    }
                    if count > 0, index < end, bytes[index] == 125, let scalar = Unicode.Scalar(UInt32(hex)) {
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                        position = index + 1
                    } else {
                        errors.append(LexError(.badUnicodeEscape, at: position))
                        position += 2
                    }
                default:
                    let shown = escape >= 32 && escape < 127 ? String(UnicodeScalar(escape)) : "?"
                    errors.append(LexError(.unknownEscape(shown), at: position))
                    position += escape == 0 ? 1 : 2
                }
                continue
            }
            out.append(c)
            position += 1
        }
        return Token(kind: .string(String(decoding: out, as: UTF8.self)), range: SourceRange(start: start, end: position))
    }

    private static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case 48...57: Int(b - 48)
        case 65...70: Int(b - 55)
        case 97...102: Int(b - 87)
        default: nil
        }
    }
}
