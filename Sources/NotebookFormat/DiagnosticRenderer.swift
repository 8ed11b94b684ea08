/// Renders diagnostics for a terminal (SPEC §6):
///
///     notebook.yaml:12:5: error: unknown key `captoin` in cell 3; did you mean `caption`?
///         captoin: Totals
///         ^
///     notebook.yaml:9:5: note: ...
///
/// The caret line copies the tabs of the source line before the column and puts one
/// space for every other character (two for wide East Asian characters and emoji,
/// none for combining marks), so the caret stands under the character in a terminal.
/// Colour (ANSI bold, red/magenta/cyan severity, green caret) only when `color` is set;
/// the caller decides (isatty, NO_COLOR).
package struct DiagnosticRenderer: Sendable {
    package var sources: SourceFiles
    package var color: Bool

    package init(sources: SourceFiles, color: Bool = false) {
        self.sources = sources
        self.color = color
    }

    /// The diagnostic, its excerpt and its notes, each line ending in a newline.
    package func render(_ diagnostic: Diagnostic) -> String {
        var out = ""
        append(diagnostic, to: &out)
        for note in diagnostic.notes {
            append(note, to: &out)
        }
        return out
    }

    package func render(_ list: DiagnosticList) -> String {
        list.diagnostics.map(render).joined()
    }

    private func style(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func append(_ diagnostic: Diagnostic, to out: inout String) {
        let severityCode: String
        switch diagnostic.severity {
        case .error: severityCode = "1;31"
        case .warning: severityCode = "1;35"
        case .note: severityCode = "1;36"
        }
        if let location = diagnostic.location {
            out += style("\(location):", "1") + " "
        }
        out += style("\(diagnostic.severity.rawValue):", severityCode) + " " + style(Self.visible(diagnostic.message), "1") + "\n"
        guard let location = diagnostic.location,
              let line = sources[location.file]?.line(location.line) else { return }
        let (shown, column) = Self.excerpt(of: line, around: location.column)
        out += shown + "\n"
        out += Self.caretPadding(line: shown, column: column) + style("^", "1;32") + "\n"
    }

    /// Lines longer than this many characters are shown as a window around the column.
    package static let maxExcerpt = 160

    /// The line as shown: control characters (which could drive the terminal) become
    /// U+FFFD, one column each so the caret stays put; a long line is cut to a window
    /// around `column`, marked with `…`. Returns the text and the column in it.
    package static func excerpt(of line: String, around column: Int) -> (text: String, column: Int) {
        var scalars = Array(line.unicodeScalars)
        for index in scalars.indices where isControl(scalars[index]) && scalars[index] != "\t" {
            scalars[index] = "\u{FFFD}"
        }
        guard scalars.count > maxExcerpt else {
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars)
            return (String(text), column)
        }
        let start = max(0, min(column - 1 - maxExcerpt / 2, scalars.count - maxExcerpt))
        let end = min(scalars.count, start + maxExcerpt)
        var text = String.UnicodeScalarView()
        if start > 0 { text.append("…") }
        text.append(contentsOf: scalars[start..<end])
        if end < scalars.count { text.append("…") }
        return (String(text), column - start + (start > 0 ? 1 : 0))
    }

    /// The message with control characters written as `\u{1B}` escapes: messages quote
    /// user text (keys from escapes in quoted YAML, CSV fields), which must not reach
    /// the terminal as control codes.
    package static func visible(_ message: String) -> String {
        guard message.unicodeScalars.contains(where: isControl) else { return message }
        var out = ""
        for scalar in message.unicodeScalars {
            if isControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// What goes before the caret so that it stands under `column` (1-based, in
    /// Unicode scalars) of `line`.
    package static func caretPadding(line: String, column: Int) -> String {
        var padding = ""
        var remaining = column - 1
        for scalar in line.unicodeScalars {
            guard remaining > 0 else { break }
            remaining -= 1
            if scalar == "\t" {
                padding += "\t"
            } else {
                padding += String(repeating: " ", count: displayWidth(scalar))
            }
        }
        // A column past the end of the line (an error at the line break).
        padding += String(repeating: " ", count: max(0, remaining))
        return padding
    }

    /// Terminal cells a character takes: 0 for combining marks and zero-width
    /// characters, 2 for East Asian wide and fullwidth characters and emoji, else 1.
    package static func displayWidth(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        switch v {
        case 0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05BD, 0x0610...0x061A, 0x064B...0x065F,
             0x0E31, 0x0E34...0x0E3A, 0x0E47...0x0E4E, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF,
             0x200B...0x200F, 0x20D0...0x20FF, 0xFE00...0xFE0F, 0xFE20...0xFE2F, 0xE0100...0xE01EF:
            return 0
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
             0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
             0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F,
             0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
