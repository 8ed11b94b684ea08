/// `@fig-NAME` / `@tbl-NAME` references in a Markdown cell's text, found as the report
/// links them: not in code spans or fenced code blocks, not inside `{{ }}` (that is
/// code), and not after a letter or digit (an e-mail address such as `a@fig-x.org`).
package enum References {
    /// Each reference's label (`fig-costs`) and its UTF-8 offset (at `@`) in `text`.
    package static func find(in text: String) -> [(label: String, offset: Int)] {
        scan(text).references
    }

    /// `text` with each reference to a label of `numbers` ("fig-costs" → "Figure 2")
    /// replaced by that text: for a file with no anchors to link to (the ipynb).
    package static func numbering(_ text: String, _ numbers: [String: String]) -> String {
        let found = find(in: text).filter { numbers[$0.label] != nil }
        guard !found.isEmpty else { return text }
        var bytes = Array(text.utf8)
        for (label, offset) in found.reversed() {
            bytes.replaceSubrange(offset..<offset + 1 + label.utf8.count, with: Array((numbers[label] ?? label).utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// What a Markdown text refers to and defines, outside code.
    package struct Scan {
        /// `@fig-…`/`@tbl-…`: label and UTF-8 offset of the `@`.
        package var references: [(label: String, offset: Int)] = []
        /// `[^label]` footnote references: label and UTF-8 offset of the `[`.
        package var footnoteReferences: [(label: String, offset: Int)] = []
        /// Labels of `[^label]: …` footnote definitions (at a line's start).
        package var footnoteDefinitions: [String] = []
    }

    package static func scan(_ text: String) -> Scan {
        let bytes = Array(text.utf8)
        var result = Scan()
        guard bytes.count > 3 else { return result }
        var found: [(label: String, offset: Int)] = []
        var i = 0
        var atLineStart = true
        var inFence: (byte: UInt8, count: Int)?
        while i < bytes.count {
            let b = bytes[i]
            if atLineStart {
                // A fence line: three or more ` or ~ after up to three spaces.
                var j = i
                while j < bytes.count, j - i < 3, bytes[j] == 0x20 { j += 1 }
                if j < bytes.count, bytes[j] == 0x60 || bytes[j] == 0x7E {
                    var n = 0
                    while j + n < bytes.count, bytes[j + n] == bytes[j] { n += 1 }
                    if n >= 3 {
                        if let fence = inFence {
                            if fence.byte == bytes[j] && n >= fence.count { inFence = nil }
                        } else {
                            inFence = (bytes[j], n)
                        }
                        while i < bytes.count, bytes[i] != 0x0A { i += 1 }
                        continue
                    }
                }
            }
            let lineStart = atLineStart
            atLineStart = b == 0x0A
            if inFence != nil { i += 1; continue }
            if b == 0x5B, i + 2 < bytes.count, bytes[i + 1] == 0x5E, let (label, end) = footnoteLabel(bytes, at: i) {
                // `[^label]:` after at most three spaces at a line's start defines it.
                var k = i
                while k > 0, bytes[k - 1] == 0x20 { k -= 1 }
                let definesIt = end < bytes.count && bytes[end] == 0x3A && (k == 0 || bytes[k - 1] == 0x0A) && i - k <= 3
                if definesIt { result.footnoteDefinitions.append(label) } else { result.footnoteReferences.append((label, i)) }
                i = end
                continue
            }
            _ = lineStart
            switch b {
            case 0x60:  // a code span: skip to the closing run of as many backquotes
                var n = 0
                while i + n < bytes.count, bytes[i + n] == 0x60 { n += 1 }
                var j = i + n
                var closed = false
                while j < bytes.count {
                    if bytes[j] == 0x60 {
                        var m = 0
                        while j + m < bytes.count, bytes[j + m] == 0x60 { m += 1 }
                        if m == n { closed = true; j += m; break }
                        j += m
                    } else {
                        j += 1
                    }
                }
                i = closed ? j : i + n
            case 0x7B where i + 1 < bytes.count && bytes[i + 1] == 0x7B && (i == 0 || bytes[i - 1] != 0x5C):
                var j = i + 2
                while j + 1 < bytes.count, !(bytes[j] == 0x7D && bytes[j + 1] == 0x7D) { j += 1 }
                i = j + 2
            case 0x40:
                if let label = label(in: bytes, at: i) {
                    found.append((label, i))
                    i += 1 + label.utf8.count
                } else {
                    i += 1
                }
            default:
                i += 1
            }
        }
        result.references = found
        return result
    }

    /// The label of `[^label]` at `at` (no space, `]` or `[` in it) and the offset after `]`.
    package static func footnoteLabel(_ bytes: [UInt8], at: Int) -> (String, Int)? {
        var j = at + 2
        while j < bytes.count, bytes[j] != 0x5D {
            if bytes[j] == 0x20 || bytes[j] == 0x0A || bytes[j] == 0x09 || bytes[j] == 0x5B { return nil }
            j += 1
        }
        guard j < bytes.count, j > at + 2 else { return nil }
        return (String(decoding: bytes[(at + 2)..<j], as: UTF8.self), j + 1)
    }

    /// The label after the `@` at `at` (`fig-NAME` / `tbl-NAME`), or `nil`.
    package static func label(in bytes: [UInt8], at: Int) -> String? {
        if at > 0, isNameByte(bytes[at - 1]) || bytes[at - 1] == 0x40 { return nil }
        let start = at + 1
        guard start + 4 < bytes.count else { return nil }
        let prefix = String(decoding: bytes[start..<start + 4], as: UTF8.self)
        guard prefix == "fig-" || prefix == "tbl-" else { return nil }
        var end = start + 4
        while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
        // A trailing `-` or `_` ends a sentence's word, not the name ("@fig-a-").
        while end > start + 4, bytes[end - 1] == 0x2D || bytes[end - 1] == 0x5F { end -= 1 }
        guard end > start + 4 else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F
    }
}
