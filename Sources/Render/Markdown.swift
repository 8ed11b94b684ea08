// Markdown cells through cmark-gfm: GFM tables, strikethrough, autolinks, task lists
// and footnotes; raw HTML and unsafe link schemes dropped unless `unsafeHTML`.
internal import CCMarkGFM
import NotebookFormat
import ReportModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// cmark-gfm registers its extensions in a process-wide list guarded by a plain flag;
/// Swift runs a global's initialiser exactly once, even when notebooks render in
/// parallel, so registration cannot race.
private let cmarkExtensionsRegistered: Void = cmark_gfm_core_extensions_ensure_registered()

/// A heading found in a markdown cell, for the table of contents.
struct Heading: Equatable {
    /// Its place in the report's outline: 1 for an `<h2>` (the title is the one `<h1>`).
    var level: Int
    /// Plain text, unescaped.
    var text: String
    /// The heading's `id` attribute, unique in the report.
    var id: String
}

/// Hands out element ids that are unique across one report.
struct IDAllocator {
    private var used: Set<String>

    /// `reserved`: ids already taken (the cells' ids).
    init(reserved: [String]) { used = Set(reserved) }

    /// `base`, or `base-2`, `base-3`, ... whichever is free first.
    mutating func unique(_ base: String) -> String {
        if used.insert(base).inserted { return base }
        var n = 2
        while !used.insert("\(base)-\(n)").inserted { n += 1 }
        return "\(base)-\(n)"
    }

    /// A heading's id: lowercase letters and digits (any script), other runs as `-`,
    /// as GitHub does; `section` when nothing is left.
    static func slug(_ text: String) -> String {
        var out = ""
        var pendingDash = false
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber {
                if pendingDash && !out.isEmpty { out += "-" }
                pendingDash = false
                out.append(ch)
            } else {
                pendingDash = true
            }
        }
        return out.isEmpty ? "section" : out
    }
}

/// The images of Markdown text, for the Runner to read and embed.
package enum MarkdownImages {
    /// The destination of every image (`![alt](dest)`) in `text`, as cmark reads it
    /// (backslash escapes and entities decoded), in order, without repeats.
    package static func destinations(in text: String) -> [String] {
        _ = cmarkExtensionsRegistered
        guard text.containsText("!["), let parser = cmark_parser_new(CMARK_OPT_FOOTNOTES) else { return [] }
        defer { cmark_parser_free(parser) }
        if let ext = cmark_find_syntax_extension("table") { cmark_parser_attach_syntax_extension(parser, ext) }
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        guard let document = cmark_parser_finish(parser) else { return [] }
        defer { cmark_node_free(document) }
        guard let iter = cmark_iter_new(document) else { return [] }
        defer { cmark_iter_free(iter) }
        var out: [String] = []
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter), cmark_node_get_type(node) == CMARK_NODE_IMAGE,
                  let url = cmark_node_get_url(node) else { continue }
            let dest = String(decoding: UnsafeRawBufferPointer(start: url, count: strlen(url)), as: UTF8.self)
            if !out.contains(dest) { out.append(dest) }
        }
        return out
    }

    /// A destination that names a file: no scheme (`https:`, `data:`), not `//host`,
    /// not a fragment or a query alone, no `{{ }}` value in it.
    package static func isLocalFile(_ destination: String) -> Bool {
        guard let first = destination.first, first != "#", first != "?", !destination.hasPrefix("//") else { return false }
        if destination.unicodeScalars.contains(where: { (0xE000...0xF8FF).contains($0.value) }) { return false }
        let beforeSlash = destination.prefix { $0 != "/" }
        return !beforeSlash.contains(":")
    }

    /// The MIME type of an image Folio embeds, from its first bytes (never its name):
    /// PNG, JPEG, GIF or WebP; `nil` for anything else.
    package static func mimeType(of bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) { return "image/gif" }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return "image/webp" }
        return nil
    }

    /// Whether the bytes look like an SVG document (refused: SVG can hold scripts).
    package static func looksLikeSVG(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self).lowercased()
        return head.contains("<svg")
    }
}

/// What rendering Markdown costs in memory, to refuse a cell before cmark runs out of it.
///
/// cmark-gfm builds a node (about 100–200 bytes) for each inline piece: text runs broken
/// at every character that might start markup, each space-separated word, each table
/// cell. Measured on 5 MB cells (docs/RELIABILITY.md, "Limits"): plain text costs about
/// 12 bytes a byte, prose about 45, text dense in `<`, `&`, `[`, `*` about 190. The
/// estimate takes 16 bytes a byte plus 300 bytes for every byte that may split a text
/// run, an upper bound for all of them; an ordinary cell of some kilobytes costs
/// well under a megabyte.
package enum MarkdownCost {
    package static func estimatedBytes(_ pieces: [MarkdownPiece]) -> Double {
        var bytes = 0, splitting = 0
        for piece in pieces {
            // Inline values become one placeholder each; their text is escaped, not parsed.
            guard case .markdown(let text) = piece else {
                bytes += 8
                continue
            }
            for b in text.utf8 {
                switch b {
                case 0x0A, 0x20, 0x21, 0x26, 0x2A, 0x3A, 0x3C, 0x5B, 0x5C, 0x5D, 0x5F, 0x60, 0x7C, 0x7E:
                    splitting += 1  // LF space ! & * : < [ \ ] _ ` | ~
                default:
                    break
                }
            }
            bytes += text.utf8.count
        }
        return 16 * Double(bytes) + 300 * Double(splitting)
    }
}

struct MarkdownRenderer {
    var unsafeHTML: Bool
    /// `@fig-NAME` / `@tbl-NAME` → the text of the link ("Figure 2") and the id it goes to.
    var references: [String: (text: String, anchor: String)] = [:]
    /// A local image's destination as written → its `data:` URI (`RenderOptions.images`).
    var images: [String: String] = [:]
    /// The report's title: a level-1 heading that opens the text and says the same
    /// (ignoring case and spacing) is left out, as the title is already the page's `<h1>`.
    var omittedTitle: String?
    /// How many levels down headings are written: 1 (`#` as `<h2>`), or 0 once a
    /// heading repeating the title was left out (the author's `#` was the title, so
    /// `##` becomes `<h2>`). Never above `<h2>` nor below `<h6>`.
    var headingShift = 1

    struct Output {
        var html: String
        var headings: [Heading]
        /// The cell's footnote definitions: label and rendered HTML. The HTML (here and
        /// in `html`) marks each footnote reference as `Footnotes.marker(label)`, which
        /// the report numbers across all cells (`Footnotes`).
        var footnotes: [(label: String, html: String)] = []
        /// Whether a leading heading repeating the title was left out.
        var omittedTitle = false
    }

    // Inline `{{ }}` results are replaced by placeholders from Unicode's private use
    // area before cmark sees the text, and by their escaped text after rendering, so
    // they can never be read as Markdown or HTML.
    private static let open: Unicode.Scalar = "\u{E000}"
    private static let close: Unicode.Scalar = "\u{E001}"
    /// How cmark writes the placeholders inside an `href` (percent-encoded UTF-8),
    /// and the marks they are turned into before substitution.
    private static let openInURL = "%EE%80%80"
    private static let closeInURL = "%EE%80%81"
    private static let urlOpen: Unicode.Scalar = "\u{E002}"
    private static let urlClose: Unicode.Scalar = "\u{E003}"
    /// Brackets a paragraph appended to the source that refers to each footnote the cell
    /// defines, so that cmark renders every definition (it drops unreferenced ones);
    /// the paragraph is removed from the HTML.
    private static let footnoteProbe: Unicode.Scalar = "\u{E004}"
    private static let reserved: Set<Unicode.Scalar> = [open, close, urlOpen, urlClose, footnoteProbe]

    /// `scope`: the cell's id (footnotes are numbered across the report by `Footnotes`,
    /// not per cell).
    func render(_ pieces: [MarkdownPiece], scope: String, ids: inout IDAllocator) -> Output {
        var source = ""
        var literals: [MarkdownPiece] = []
        for piece in pieces {
            switch piece {
            case .markdown(let text):
                // The placeholder characters must not occur in the author's own text.
                for scalar in text.unicodeScalars {
                    if Self.reserved.contains(scalar) {
                        source.unicodeScalars.append("\u{FFFD}")
                    } else {
                        source.unicodeScalars.append(scalar)
                    }
                }
            case .literal, .error:
                source.unicodeScalars.append(Self.open)
                source += String(literals.count)
                source.unicodeScalars.append(Self.close)
                literals.append(piece)
            }
        }

        let definitions = References.scan(source).footnoteDefinitions
        if !definitions.isEmpty {
            source += "\n\n"
            source.unicodeScalars.append(Self.footnoteProbe)
            source += definitions.map { "[^\($0)]" }.joined()
            source.unicodeScalars.append(Self.footnoteProbe)
            source += "\n"
        }

        let repeatsTitle: (String) -> Bool = { [omittedTitle] text in
            guard let title = omittedTitle else { return false }
            return Self.sameHeading(substitute(in: text, literals: literals, html: false), title)
        }
        guard let (rawHTML, headingTexts, omitted) = cmarkRender(source, omittingFirstHeadingIf: repeatsTitle) else {
            // Out of memory in cmark: show the text rather than nothing.
            let text = substitute(in: source, literals: literals, html: false)
            return Output(html: "<p>" + Escape.text(text) + "</p>\n", headings: [])
        }
        // One pass over both forms, so that no inserted text is ever scanned again.
        // Placeholders exist only where inline values were: most cells have none.
        var html = Footnotes.markingCMarkReferences(rawHTML)
        if !definitions.isEmpty {
            // The probe paragraph, gone before anything else reads the HTML.
            html = html.replacing(/<p>\u{E004}[^\u{E004}]*\u{E004}<\/p>\n?/, with: "")
            html.unicodeScalars.removeAll { $0 == Self.footnoteProbe }
        }
        html = linkingReferences(html)
        if !literals.isEmpty {
            let marked = html.replacing(Self.openInURL, with: String(Self.urlOpen)).replacing(Self.closeInURL, with: String(Self.urlClose))
            html = substitute(in: marked, literals: literals, html: true)
            if marked.unicodeScalars.contains(Self.urlOpen) {
                // cmark judged each URL with our placeholders in it; with the values in place
                // a URL may spell a script scheme (`jav{{ "" }}ascript:…`, found by fuzzing):
                // judge them again, as cmark would, and empty the unsafe ones.
                html = Self.emptyingUnsafeURLs(html)
            }
        }

        var headings: [Heading] = []
        for (level, text) in headingTexts {
            let plain = substitute(in: text, literals: literals, html: false)
            headings.append(Heading(level: level, text: plain, id: ids.unique(IDAllocator.slug(plain))))
        }
        html = addHeadingIDs(html, headings)
        html = Self.callouts(html)
        html = Self.namingTables(html)
        let (body, footnotes) = Footnotes.extractingDefinitions(html)
        return Output(html: body, headings: headings, footnotes: footnotes, omittedTitle: omitted)
    }

    /// `html` with the value of every `href="…"` / `src="…"` whose URL a browser would run
    /// (`javascript:`, `vbscript:`, `file:`, `data:` other than raster images) emptied, as
    /// cmark does for unsafe links. Read as a browser reads it: entities decoded, ASCII tab
    /// and newlines removed, leading spaces and controls skipped, any case.
    static func emptyingUnsafeURLs(_ html: String) -> String {
        var out = ""
        var rest = html[...]
        while true {
            let candidates = [rest.firstRangeOfText("href=\""), rest.firstRangeOfText("src=\"")].compactMap { $0 }
            guard let attribute = candidates.min(by: { $0.lowerBound < $1.lowerBound }) else { break }
            out += rest[..<attribute.upperBound]
            rest = rest[attribute.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            if !isUnsafeURL(String(rest[..<end])) { out += rest[..<end] }
            rest = rest[end...]
        }
        out += rest
        return out
    }

    static func isUnsafeURL(_ attributeValue: String) -> Bool {
        var text = attributeValue
        for (entity, character) in [("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">"), ("&#39;", "'"), ("&colon;", ":"), ("&amp;", "&")] {
            text = text.replacing(entity, with: character)
        }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where scalar != "\t" && scalar != "\n" && scalar != "\r" {
            if scalars.isEmpty && scalar.value <= 0x20 { continue }
            scalars.append(scalar)
        }
        let url = String(scalars).lowercased()
        // A character reference left in a URL (cmark decodes them): be strict.
        if url.contains("&#") { return true }
        for scheme in ["javascript:", "vbscript:", "file:"] where url.hasPrefix(scheme) { return true }
        if url.hasPrefix("data:") {
            return !["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains { url.hasPrefix($0) }
        }
        return false
    }

    /// Replaces each placeholder with its piece, in a single left-to-right pass. `html`:
    /// `text` is cmark's HTML, so values are escaped (percent-encoded in a URL) and a
    /// failed value is a marked `<span class="inline-error">` with its message (plain
    /// text where it stands inside a tag, as in an image's `alt`; nothing in a URL);
    /// otherwise plain text.
    private func substitute(in text: String, literals: [MarkdownPiece], html: Bool) -> String {
        guard text.unicodeScalars.contains(where: { Self.reserved.contains($0) }) else { return text }
        var out = ""
        var scalars = text.unicodeScalars[...]
        while let start = scalars.firstIndex(where: { $0 == Self.open || $0 == Self.urlOpen }) {
            out.unicodeScalars += scalars[..<start]
            let isURL = scalars[start] == Self.urlOpen
            let closing = isURL ? Self.urlClose : Self.close
            let rest = scalars[scalars.index(after: start)...]
            guard let end = rest.firstIndex(of: closing),
                  let n = Int(String(String.UnicodeScalarView(rest[..<end]))), literals.indices.contains(n) else {
                // Not one of ours (the author's own were replaced): drop the mark.
                scalars = rest
                continue
            }
            switch literals[n] {
            case .literal(let value), .markdown(let value):
                out += !html ? value : isURL ? Escape.urlComponent(value) : Escape.text(value)
            case .error(let message):
                if !html {
                    out += message
                } else if isURL {
                    break
                } else if Self.isInsideTag(out) {
                    out += Escape.text(Self.inlineErrorLabel + " " + message)
                } else {
                    out += Self.inlineErrorHTML(message)
                }
            }
            scalars = rest[rest.index(after: end)...]
        }
        // Stray closing marks, if any, are dropped too.
        out.unicodeScalars += scalars.filter { !Self.reserved.contains($0) }
        return out
    }

    static let inlineErrorLabel = "Error:"

    /// A failed inline value in running text: the message, marked by a label (not by
    /// colour alone).
    static func inlineErrorHTML(_ message: String) -> String {
        "<span class=\"inline-error\"><strong>" + inlineErrorLabel + "</strong> " + Escape.text(message) + "</span>"
    }

    /// Whether the end of `html` is inside a tag (an attribute value): cmark escapes `<`
    /// and `>` in text and attributes, so its last raw `<` after its last `>` opens a tag.
    private static func isInsideTag(_ html: String) -> Bool {
        guard let lt = html.utf8.lastIndex(of: UInt8(ascii: "<")) else { return false }
        guard let gt = html.utf8.lastIndex(of: UInt8(ascii: ">")) else { return true }
        return lt > gt
    }

    /// Whether a heading's text and the title are the same, ignoring case and spacing.
    static func sameHeading(_ a: String, _ b: String) -> Bool {
        func words(_ s: String) -> [Substring] { s.lowercased().split(whereSeparator: \.isWhitespace) }
        return words(a) == words(b)
    }

    /// cmark-gfm's HTML for `source`, the level (in the report's outline: 1 for an
    /// `<h2>`) and plain text of each heading in document order (the order cmark writes
    /// them), and whether a leading heading was left out. Headings are written
    /// `headingShift` levels down (`#` as `<h2>`, …): the report's title is its one
    /// `<h1>`. A level-1 heading that opens the text is left out when `omitting` says so
    /// of its text. `nil` only when cmark fails to allocate.
    private func cmarkRender(_ source: String, omittingFirstHeadingIf omitting: (String) -> Bool) -> (String, [(Int, String)], Bool)? {
        _ = cmarkExtensionsRegistered
        // Aligned table columns as `style="text-align: …"`: the `align` attribute is obsolete HTML.
        var options = CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
        if unsafeHTML { options |= CMARK_OPT_UNSAFE }
        guard let parser = cmark_parser_new(options) else { return nil }
        defer { cmark_parser_free(parser) }
        // tagfilter only matters when raw HTML passes: GitHub's filter of <script> & co.
        var extensions = ["table", "strikethrough", "autolink", "tasklist"]
        if unsafeHTML { extensions.append("tagfilter") }
        for name in extensions {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        var bytes = Array(source.utf8)
        bytes.withUnsafeMutableBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        guard let document = cmark_parser_finish(parser) else { return nil }
        defer { cmark_node_free(document) }

        var headings: [(Int, String)] = []
        var omitted: OpaquePointer?
        if let iter = cmark_iter_new(document) {
            defer { cmark_iter_free(iter) }
            while true {
                let event = cmark_iter_next(iter)
                if event == CMARK_EVENT_DONE { break }
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) else { continue }
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_HEADING {
                    let level = Int(cmark_node_get_heading_level(node))
                    let text = plainText(of: node)
                    if level == 1, headings.isEmpty, omitted == nil, cmark_node_first_child(document) == node, omitting(text) {
                        omitted = node
                        continue
                    }
                    let written = min(max(level + (omitted == nil ? headingShift : 0), 2), 6)
                    headings.append((written - 1, text))
                    _ = cmark_node_set_heading_level(node, Int32(written))
                } else if type == CMARK_NODE_IMAGE, !images.isEmpty, let url = cmark_node_get_url(node),
                          let data = images[String(decoding: UnsafeRawBufferPointer(start: url, count: strlen(url)), as: UTF8.self)] {
                    // A local image, embedded: cmark writes the data URI as the `src`.
                    _ = cmark_node_set_url(node, data)
                }
            }
        }

        if let omitted {
            // Unlinked after the walk (the iterator must not meet a freed node).
            cmark_node_unlink(omitted)
            cmark_node_free(omitted)
        }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
            return nil
        }
        defer { free(rendered) }
        let html = String(decoding: UnsafeRawBufferPointer(start: rendered, count: strlen(rendered)), as: UTF8.self)
        return (html, headings, omitted != nil)
    }

    /// The text a reader sees in an inline subtree (text and code spans; breaks as spaces).
    private func plainText(of node: OpaquePointer) -> String {
        var out = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                if let literal = cmark_node_get_literal(current) {
                    out += String(decoding: UnsafeRawBufferPointer(start: literal, count: strlen(literal)), as: UTF8.self)
                }
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                out += " "
            } else {
                out += plainText(of: current)
            }
            child = cmark_node_next(current)
        }
        return out
    }

    /// Gives the k-th `<hN>` tag the k-th heading's id. cmark writes headings as bare
    /// `<hN>` tags and, in safe mode, nothing else can produce one (raw HTML is
    /// omitted, text is escaped).
    private func addHeadingIDs(_ html: String, _ headings: [Heading]) -> String {
        guard !headings.isEmpty else { return html }
        var out = ""
        var rest = html[...]
        var index = 0
        while index < headings.count, let range = nextHeadingTag(in: rest) {
            out += rest[..<range.lowerBound]
            let tag = rest[range]
            out += tag.dropLast() + " id=\"" + Escape.attribute(headings[index].id) + "\">"
            rest = rest[range.upperBound...]
            index += 1
        }
        out += rest
        return out
    }

    private func nextHeadingTag(in text: Substring) -> Range<Substring.Index>? {
        var search = text
        while let lt = search.firstIndex(of: "<") {
            let tag = search[lt...].prefix(4)
            if tag.count == 4, tag.dropFirst().first == "h", let digit = tag.dropFirst(2).first,
               ("1"..."6").contains(digit), tag.last == ">" {
                return lt..<text.index(lt, offsetBy: 4)
            }
            search = search[search.index(after: lt)...]
        }
        return nil
    }

    /// Each `@fig-NAME` / `@tbl-NAME` of the text (not in a tag, code, or a link, and not
    /// after a letter or digit) that names a labelled cell becomes a link reading
    /// "Figure 2" to that cell. Runs on cmark's HTML before the inline values go in, so a
    /// value can never become a reference.
    func linkingReferences(_ html: String) -> String {
        guard html.containsText("@fig-") || html.containsText("@tbl-") || html.containsText("[^") else { return html }
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        var inCode = 0, inLink = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "<") {
                var j = i + 1
                while j < bytes.count, bytes[j] != UInt8(ascii: ">") { j += 1 }
                let tag = String(decoding: bytes[min(i + 1, bytes.count)..<min(j, bytes.count)], as: UTF8.self).lowercased()
                let closing = tag.hasPrefix("/")
                let name = (closing ? tag.dropFirst() : Substring(tag)).prefix { $0.isLetter || $0.isNumber }
                let step = closing ? -1 : 1
                if name == "code" || name == "pre" { inCode = max(0, inCode + step) }
                if name == "a" { inLink = max(0, inLink + step) }
                out += bytes[i..<min(j + 1, bytes.count)]
                i = j + 1
                continue
            }
            // A footnote reference cmark left as text: defined in another cell.
            if b == UInt8(ascii: "["), inCode == 0, inLink == 0, i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "^"),
               let (label, end) = Footnotes.label(bytes, at: i) {
                out += Array(Footnotes.marker(label).utf8)
                i = end
                continue
            }
            if b == UInt8(ascii: "@"), inCode == 0, inLink == 0, let label = References.label(in: bytes, at: i),
               let target = references[label] {
                out += Array(("<a class=\"xref\" href=\"#" + Escape.attribute(target.anchor) + "\">" + Escape.text(target.text) + "</a>").utf8)
                i += 1 + label.utf8.count
                continue
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// GitHub's alert kinds (`> [!NOTE]`) and the label each callout shows.
    static let alertKinds: [(marker: String, label: String)] = [
        ("NOTE", "Note"), ("TIP", "Tip"), ("IMPORTANT", "Important"), ("WARNING", "Warning"), ("CAUTION", "Caution"),
    ]

    /// Each GFM table (cmark writes `<table>` then its `<thead>`) gets a caption that only
    /// assistive technology reads, naming it by its column headers ("Table: Country,
    /// Share"), so that every table of the report has a name.
    static func namingTables(_ html: String) -> String {
        guard html.containsText("<table>\n<thead>") else { return html }
        var out = ""
        var rest = html[...]
        while let open = rest.firstRangeOfText("<table>\n<thead>") {
            out += rest[..<open.lowerBound]
            let head = rest[open.upperBound...]
            let headEnd = head.firstRangeOfText("</thead>")?.lowerBound ?? head.startIndex
            let cells = head[..<headEnd].split(separator: "</th>", omittingEmptySubsequences: false).dropLast()
            let headers = cells.map { cell in
                String(cell.replacing(/<[^>]*>/, with: "")).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            }
            // The headers' text is cmark's HTML already (entities kept); with the tags gone,
            // any `<` or `>` left over is escaped, so no markup can form.
            let text = ("Table: " + headers.joined(separator: ", ")).replacing("<", with: "&lt;").replacing(">", with: "&gt;")
            out += "<table>\n<caption class=\"visually-hidden\">" + text + "</caption>\n<thead>"
            rest = head
        }
        return out + rest
    }

    /// GFM alerts as callouts: a block quote whose first line is only `[!NOTE]` (any case,
    /// as on GitHub) becomes `<div class="callout note" role="note">` with a visible label,
    /// so the kind is said in words, not by colour alone. cmark writes the quote as
    /// `<blockquote>\n<p>[!NOTE]` then a line break or the paragraph's end; in safe mode no
    /// other `<blockquote>` tag can exist, so tags pair up by counting.
    static func callouts(_ html: String) -> String {
        guard html.containsText("<blockquote>\n<p>[!") else { return html }
        var out = ""
        var rest = html[...]
        while let open = rest.firstRangeOfText("<blockquote>\n<p>[!") {
            out += rest[..<open.lowerBound]
            let afterMark = rest[open.upperBound...]
            guard let close = afterMark.firstIndex(of: "]"),
                  let kind = alertKinds.first(where: { $0.marker == afterMark[..<close].uppercased() }) else {
                out += rest[open]
                rest = afterMark
                continue
            }
            var body = afterMark[afterMark.index(after: close)...]
            if body.hasPrefix("\n") {
                body = body.dropFirst()  // the paragraph goes on after the marker's line
            } else if body.hasPrefix("</p>\n") {
                body = body.dropFirst(5)
            } else {
                out += rest[open]  // text after the marker on its line: an ordinary quote
                rest = afterMark
                continue
            }
            let cls = kind.marker.lowercased()
            out += "<div class=\"callout \(cls)\" role=\"note\">\n<p class=\"callout-title\">\(kind.label)</p>\n"
            if afterMark[afterMark.index(after: close)...].hasPrefix("\n") { out += "<p>" }
            // The quote's own end tag becomes the callout's.
            var depth = 1
            var scan = body
            var end: Range<Substring.Index>?
            while depth > 0,
                  let tag = [scan.firstRangeOfText("<blockquote>"), scan.firstRangeOfText("</blockquote>")].compactMap({ $0 })
                      .min(by: { $0.lowerBound < $1.lowerBound }) {
                depth += scan[tag].hasPrefix("</") ? -1 : 1
                if depth == 0 { end = tag }
                scan = scan[tag.upperBound...]
            }
            guard let end else {
                out += body
                rest = body[body.endIndex...]
                break
            }
            out += body[..<end.lowerBound] + "</div>"
            rest = body[end.upperBound...]
        }
        out += rest
        return out
    }

}
