// The wording of Tabular's errors that are raised in more than one place. Tabular's
// errors are its own types (`TableError`, `CSV.ReadError`, `NumberPattern.SyntaxError`);
// the Language module positions them as diagnostics.

extension CSV.ReadError {
    /// No header row: the file is empty or only blank lines.
    static var noHeader: Self {
        CSV.ReadError(message: "the CSV file is empty; a header row is required", line: 1)
    }
}

extension NumberPattern.SyntaxError {
    /// A `,` followed by `.` (`#,.00`): neither grouping nor scaling.
    static var commaWithoutDigit: Self {
        Self(message: "',' must be followed by a digit placeholder, or end the number to divide it by 1,000 (write '\\,' for a literal comma)")
    }

    /// A `,` outside the number, or inside the decimals (`,0`, `0.0,0`).
    static var misplacedComma: Self {
        Self(message: "',' is only allowed between the integer digit placeholders (grouping) or right after the last placeholder (dividing by 1,000; write '\\,' for a literal comma)")
    }

    static var noDigitPlaceholder: Self { Self(message: "no digit placeholder ('0' or '#')") }

    /// `"x";0`: the first section also shows what the others do not take.
    static var firstSectionWithoutNumber: Self {
        Self(message: "the first section has no digit placeholder ('0' or '#'); it shows positive values (and zero and negatives when no section of their own does)")
    }

    static var tooManySections: Self {
        Self(message: "more than three sections; a pattern has at most positive;negative;zero (write '\\;' for a literal semicolon)")
    }

    /// A `"` that opens literal text and is never closed.
    static var unclosedQuote: Self {
        Self(message: "a '\"' is not closed: quoted text runs to the next '\"' (write '\\\"' for a literal quote)")
    }

    static var loneBackslash: Self { Self(message: "a lone '\\' at the end (write '\\\\' for a backslash)") }
}

// MARK: - Regular expressions (`matches`, `extract`)

extension RegularExpression.SyntaxError {
    /// `*`, `+`, `?` or `{n}` at the start, after `(` or `|`, or after `(?i)`.
    static func nothingToRepeat(_ quantifier: String) -> Self {
        Self(message: "'\(quantifier)' has nothing to repeat (write '\\\(quantifier.first.map(String.init) ?? "")' for the character itself)")
    }

    static func stackedQuantifier(_ written: String) -> Self {
        Self(message: "'\(written)': a quantifier cannot follow another one; group the first in '(?:…)'")
    }

    static func possessive(_ written: String) -> Self {
        Self(message: "possessive quantifiers ('\(written)') are not supported")
    }

    static func repeatedAnchor(_ quantifier: String) -> Self {
        Self(message: "'\(quantifier)' cannot repeat an anchor ('^', '$', '\\b', '\\B', '\\A', '\\z')")
    }

    static var braceNotQuantifier: Self {
        Self(message: "'{' must begin a repetition '{n}', '{n,}' or '{n,m}' (write '\\{' for a literal brace)")
    }

    static func countsOutOfOrder(_ written: String) -> Self {
        Self(message: "'\(written)': the maximum is below the minimum")
    }

    static func countTooLarge(_ written: String) -> Self {
        Self(message: "'\(written)': a repetition count is at most \(RegexParser.maxCount)")
    }

    static var unmatchedClose: Self { Self(message: "a ')' has no matching '(' (write '\\)' for the character itself)") }
    static var unclosedGroup: Self { Self(message: "a '(' is not closed: expected ')'") }
    static var unclosedClass: Self { Self(message: "a '[' is not closed: expected ']' (write '\\[' for the character itself)") }

    static func nestedTooDeeply(_ limit: Int) -> Self {
        Self(message: "groups are nested too deeply (more than \(limit) levels)")
    }

    /// `(?=`, `(?!`, `(?<=`, `(?<!`.
    static func lookaround(_ written: String) -> Self {
        let kind = written.hasPrefix("(?<") ? "look-behind" : "look-ahead"
        return Self(message: "\(kind) '\(written)…)' is not supported")
    }

    /// `\1`, `\k<name>`, `\g`, `(?P=name)`.
    static func backreference(_ written: String) -> Self {
        Self(message: "back-references ('\(written)') are not supported")
    }

    static var atomicGroup: Self { Self(message: "atomic groups '(?>…)' are not supported") }

    static func unsupportedGroup(_ written: String) -> Self {
        Self(message: "'\(written)' is not supported (groups are '(…)', '(?:…)', '(?<name>…)', '(?i)' and '(?i:…)')")
    }

    static func unsupportedOption(_ option: Unicode.Scalar) -> Self {
        Self(message: "the inline option '\(option)' is not supported (only 'i', case-insensitive)")
    }

    static var badGroupName: Self {
        Self(message: "a group name must be letters, digits and '_', not starting with a digit, as in '(?<name>…)'")
    }

    static func duplicateGroupName(_ name: String) -> Self {
        Self(message: "the group name '\(name)' is used twice")
    }

    static var trailingBackslash: Self { Self(message: "a lone '\\' at the end (write '\\\\' for a backslash)") }

    static func unknownEscape(_ c: Unicode.Scalar) -> Self {
        Self(message: "unknown escape '\\\(c)'")
    }

    static func unicodeProperty(_ c: Unicode.Scalar) -> Self {
        Self(message: "Unicode property classes ('\\\(c){…}') are not supported")
    }

    static func anchorInClass(_ c: Unicode.Scalar) -> Self {
        Self(message: "'\\\(c)' is not allowed inside a class '[…]'")
    }

    static var badHexEscape: Self {
        Self(message: "'\\x' must be followed by two hex digits or '{…}' with a Unicode scalar value in hex")
    }

    static var nestedClass: Self {
        Self(message: "a '[' inside a class must be escaped '\\[' (nested classes and POSIX classes such as '[:alpha:]' are not supported)")
    }

    static var rangeWithClass: Self {
        Self(message: "a range in a class cannot start or end at a class such as '\\d' (write '\\-' for a literal '-')")
    }

    static func rangeOutOfOrder(_ a: UInt32, _ b: UInt32) -> Self {
        let shown = { (v: UInt32) in Unicode.Scalar(v).map { String($0) } ?? "?" }
        return Self(message: "the range '\(shown(a))-\(shown(b))' is out of order")
    }

    static func tooLarge(_ limit: Int) -> Self {
        Self(message: "the expression is too large (more than \(limit / 1000),\(String(limit % 1000 + 1000).dropFirst()) instructions once its repetitions are expanded)")
    }
}

// MARK: - Data files (`DataReadError`: SQLite, .xlsx, .json/.jsonl)

extension DataReadError {
    /// The table would take more memory than the limit left.
    static func tooLarge(_ bytes: Int) -> Self {
        DataReadError("the table passes the memory limit (over \(bytes / (1 << 20)) MiB); raise it with --memory-limit")
    }

    // MARK: SQLite

    /// `message`: SQLite's own message (`sqlite3_errmsg`).
    static func cannotOpenSQLite(_ message: String) -> Self {
        DataReadError("not a SQLite database that can be opened (\(message))")
    }

    /// `message`: SQLite's own message (`sqlite3_errmsg`).
    static func notSQLite(_ message: String) -> Self { DataReadError("not a SQLite database: \(message)") }

    /// SQLite's own message (`sqlite3_errmsg`) about the query.
    static func sqlite(_ message: String) -> Self { DataReadError("SQLite: \(message)", at: .query) }

    /// `refused`: what the authorizer refused first, in words ("change rows", "load an extension").
    static func queryMayOnlyRead(_ refused: String) -> Self {
        DataReadError("the query may only read; it would \(refused)", at: .query)
    }

    /// A statement SQLite does not call read-only (the authorizer refused nothing).
    static var queryNotReadOnly: Self { DataReadError("the query may only read (one SELECT statement)", at: .query) }

    static var emptyQuery: Self { DataReadError("the query holds no statement", at: .query) }

    static var moreThanOneStatement: Self {
        DataReadError("the query holds more than one statement; a data table is read with one SELECT", at: .query)
    }

    static var outOfMemoryReadingColumns: Self { DataReadError("out of memory reading the query's columns") }

    /// `column`: 1-based.
    static func queryColumnNameNotUTF8(_ column: Int) -> Self {
        DataReadError("column \(column) of the query has a name that is not UTF-8", at: .query)
    }

    static func duplicateQueryColumn(_ name: String) -> Self {
        DataReadError("the query gives two columns the name `\(name)`; name one with `AS`", at: .query)
    }

    static func queryTimedOut(_ timeLimit: Duration) -> Self {
        DataReadError("the query ran past the time limit of a cell (\(timeLimit); --timeout)", at: .query)
    }

    /// `row`: 1-based.
    static func textNotUTF8(column: String, row: Int) -> Self {
        DataReadError("column `\(column)`, row \(row): the text is not valid UTF-8")
    }

    /// `row`: 1-based.
    static func blobValue(column: String, row: Int) -> Self {
        DataReadError("column `\(column)` holds binary data (a BLOB) in row \(row); "
            + "select it as text or a number, e.g. `hex(\(column))`", at: .query)
    }

    // MARK: ZIP archive

    static var workbookCannotBeOpened: Self { DataReadError("the workbook cannot be opened") }

    static var workbookNotRegularFile: Self { DataReadError("the workbook is not a regular file") }

    static var notZipArchive: Self {
        DataReadError("not an .xlsx workbook: the file is not a ZIP archive (or it is truncated)")
    }

    /// Reading the file failed (an I/O error).
    static var workbookReadFailed: Self { DataReadError("reading the workbook failed") }

    static var zip64: Self { DataReadError("the workbook is a ZIP64 archive, which Folio does not read") }

    /// A member's local header is not where the central directory says.
    static func damagedArchive(member: String) -> Self {
        DataReadError("the workbook's archive is damaged (member `\(member)`)")
    }

    static func truncatedArchive(member: String) -> Self {
        DataReadError("the workbook is truncated (member `\(member)` runs past the end of the file)")
    }

    static var encryptedWorkbook: Self {
        DataReadError("the workbook is encrypted (password-protected); save it without a password")
    }

    /// `method`: the ZIP compression method number (only 0, stored, and 8, deflate, are read).
    static func unsupportedCompression(member: String, method: UInt16) -> Self {
        DataReadError("the workbook's member `\(member)` is compressed with method \(method), which Folio does not read")
    }

    static func outOfMemoryInflating(member: String) -> Self { DataReadError("out of memory inflating `\(member)`") }

    static func memberDoesNotInflate(_ member: String) -> Self {
        DataReadError("the workbook's member `\(member)` is damaged (its compressed data does not inflate)")
    }

    /// The compressed data ends before the member does.
    static func memberTruncated(_ member: String) -> Self {
        DataReadError("the workbook's member `\(member)` is truncated")
    }

    /// `recorded`: the uncompressed size in the archive's directory, in bytes.
    static func memberLongerThanRecorded(_ member: String, recorded: Int) -> Self {
        DataReadError("the workbook's member `\(member)` inflates to more than the \(recorded) bytes its archive records")
    }

    static func memberShorterThanRecorded(_ member: String) -> Self {
        DataReadError("the workbook's member `\(member)` is shorter than its archive records (truncated)")
    }

    static func memberCRCMismatch(_ member: String) -> Self {
        DataReadError("the workbook's member `\(member)` is damaged (its CRC-32 does not match)")
    }

    // MARK: XML

    /// `member`: the archive member (`xl/workbook.xml`).
    static func outOfMemoryReadingXML(_ member: String) -> Self {
        DataReadError("out of memory reading the workbook's `\(member)`")
    }

    static func documentTypeDeclaration(_ member: String) -> Self {
        DataReadError("the workbook's `\(member)` declares a document type (DTD); Folio refuses it (entities are never expanded or fetched)")
    }

    /// `problem`: libxml2's message.
    static func malformedXML(_ member: String, line: Int, _ problem: String) -> Self {
        DataReadError("the workbook's `\(member)` is not well-formed XML (line \(line)): \(problem)")
    }

    // MARK: workbook

    static var noWorkbookXML: Self { DataReadError("not an .xlsx workbook: the archive has no `xl/workbook.xml`") }

    static var noSheets: Self { DataReadError("the workbook has no sheets") }

    static func missingMember(_ member: String) -> Self {
        DataReadError("the workbook is damaged: its member `\(member)` is missing")
    }

    /// `size`, `limit`: bytes (shown in MiB); `limit` is what the memory limit leaves.
    static func memberPastMemoryLimit(_ member: String, size: Int, limit: Int) -> Self {
        DataReadError("the workbook's `\(member)` inflates to \(size / (1 << 20)) MiB, past the memory limit "
            + "(\(limit / (1 << 20)) MiB left); it was not inflated (raise the limit with --memory-limit if the file is trusted)")
    }

    /// `hint`: "did you mean `Sheet1`? " or empty; `names`: the sheets, quoted and comma-separated.
    static func noSuchSheet(_ name: String, hint: String, names: String) -> Self {
        DataReadError("the workbook has no sheet `\(name)`; \(hint)its sheets: \(names)", at: .sheet)
    }

    /// A problem in one sheet (`problem` is the rest of the message); `.range` when it is
    /// the `range:`'s.
    static func inSheet(_ sheet: String, _ problem: String, at place: Place = .file) -> Self {
        DataReadError("sheet `\(sheet)`: " + problem, at: place)
    }

    // MARK: JSON

    static var emptyJSONFile: Self { Self("the file is empty; a .json data file is an array of objects, `[{…}, …]`") }

    static var fileReadFailed: Self { DataReadError("reading the file failed") }
}

// MARK: - JSON data files (`.json`, `.jsonl`)

/// What is wrong at a place in a .json or .jsonl data file; `JSONTableReader.error(_:)`
/// adds the line and column.
struct JSONProblem: Sendable, Equatable {
    let text: String

    init(_ text: String) { self.text = text }
}

extension JSONProblem {
    // MARK: the two layouts

    /// `first`: the first character described (`` `{` ``, "the byte 0x…").
    static func notAnArray(startsWith first: String) -> Self {
        Self("a .json data file is an array of objects, `[{…}, …]`; it starts with \(first)")
    }

    static var arrayNotClosed: Self { Self("the array is not closed: `]` expected") }

    static var arrayNotClosedAfterElement: Self { Self("the array is not closed: `,` or `]` expected") }

    /// `value`: the element described ("a number", "text").
    static func elementNotAnObject(_ element: Int, _ value: String) -> Self {
        Self("element \(element) of the array is \(value), not an object `{…}`")
    }

    static func separatorExpectedAfterElement(_ element: Int, found: String) -> Self {
        Self("`,` or `]` expected after element \(element), found \(found)")
    }

    static func textAfterArray(_ found: String) -> Self { Self("more text after the array: \(found)") }

    static func lineNotAnObject(startsWith value: String) -> Self {
        Self("each line of a .jsonl file is one object `{…}`; this line starts with \(value)")
    }

    static func textAfterLineObject(_ found: String) -> Self {
        Self("one object a line: more text after the object (\(found))")
    }

    // MARK: objects

    static var objectNotClosed: Self { Self("the object is not closed: `}` expected") }

    static var objectNotClosedAfterValue: Self { Self("the object is not closed: `,` or `}` expected") }

    static func keyExpected(found: String) -> Self { Self("a key in quotes expected, found \(found)") }

    static func colonExpected(afterKey key: String) -> Self { Self("`:` expected after the key \"\(key)\"") }

    /// `object`: "the object of this line", "element 3 of the array".
    static func keyGivenTwice(_ key: String, in object: String) -> Self {
        Self("the key \"\(key)\" is given twice in \(object)")
    }

    static func separatorExpectedAfterValue(of key: String, found: String) -> Self {
        Self("`,` or `}` expected after the value of \"\(key)\", found \(found)")
    }

    // MARK: values

    static func valueExpected(afterKey key: String) -> Self { Self("a value expected after \"\(key)\":") }

    static func valueExpected(afterKey key: String, found: String) -> Self {
        Self("a value expected after \"\(key)\":, found \(found)")
    }

    /// An object or array as a value; `path`: where (`[2].address`).
    static func nestedValue(_ key: String, path: String, isObject: Bool) -> Self {
        Self("the value of \"\(key)\" (`\(path)`) is \(isObject ? "an object" : "an array"); "
            + "a data table's values are numbers, text, true/false or null")
    }

    static func notAValue(_ found: String) -> Self { Self("not a JSON value: \(found)") }

    // MARK: numbers

    static var minusWithoutDigits: Self { Self("not a number: `-` without digits") }

    static var digitsExpectedAfterDecimalPoint: Self { Self("digits expected after the decimal point") }

    static var digitsExpectedInExponent: Self { Self("digits expected in the exponent") }

    static var notANumber: Self { Self("not a JSON number") }

    static var numberOutOfRange: Self { Self("the number is beyond the range of a double") }

    // MARK: text

    static var textNotClosed: Self { Self("the text is not closed: `\"` expected") }

    static var invalidUTF8: Self { Self("the text is not valid UTF-8") }

    static var controlCharacterInText: Self {
        Self("a control character in text (write it as `\\n`, `\\t`, `\\u00XX`)")
    }

    static func loneSurrogate(_ scalar: UInt32) -> Self {
        Self("a lone UTF-16 surrogate `\\u\(String(scalar, radix: 16))`")
    }

    static func notACharacter(_ scalar: UInt32) -> Self { Self("not a character: `\\u\(String(scalar, radix: 16))`") }

    /// `escape`: the byte after the backslash.
    static func unknownEscape(_ escape: UInt8) -> Self {
        Self("an unknown escape `\\\(String(decoding: [escape], as: UTF8.self))`")
    }

    static var hexDigitsExpected: Self { Self("four hex digits expected after `\\u`") }
}
