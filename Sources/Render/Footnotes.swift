// Footnotes across the report: cmark-gfm numbers a cell's footnotes within the cell and
// lists them at its end; the report numbers them across all cells, in the order their
// first references appear, and lists them once at its end. A footnote defined in one
// cell serves every cell.
import NotebookFormat

enum Footnotes {
    /// Stands for a reference to footnote `label` in a cell's HTML until the report
    /// numbers it. Control characters never reach the report from text (`Escape` drops
    /// them and cmark's output of an author's text is escaped), so a marker cannot be forged.
    static func marker(_ label: String) -> String { "\u{1}" + label + "\u{2}" }

    /// `[^label]` at `at`: the label and the offset after `]`.
    static func label(_ bytes: [UInt8], at: Int) -> (String, Int)? {
        References.footnoteLabel(bytes, at: at)
    }

    /// cmark's references (`<sup class="footnote-ref"><a href="#fn-x" …>1</a></sup>`) as markers.
    static func markingCMarkReferences(_ html: String) -> String {
        guard html.containsText("data-footnote-ref") else { return html }
        return html.replacing(#/<sup class="footnote-ref"><a href="#fn-([^"]*)" id="fnref-[^"]*" data-footnote-ref>[0-9]+<\/a><\/sup>/#) {
            marker(String($0.output.1))
        }
    }

    /// The HTML without cmark's footnote section, and that section's definitions
    /// (label, HTML without cmark's back links).
    static func extractingDefinitions(_ html: String) -> (String, [(label: String, html: String)]) {
        guard let start = html.firstRangeOfText("<section class=\"footnotes\" data-footnotes>\n<ol>\n"),
              let end = html[start.upperBound...].firstRangeOfText("</ol>\n</section>\n") else { return (html, []) }
        var definitions: [(label: String, html: String)] = []
        // Items are `<li id="fn-LABEL">`; a list inside a footnote has no ids (safe mode).
        for chunk in html[start.upperBound..<end.lowerBound].split(separator: "<li id=\"fn-", omittingEmptySubsequences: true) {
            guard let quote = chunk.firstIndex(of: "\"") else { continue }
            let label = String(chunk[..<quote])
            var body = chunk[chunk.index(after: quote)...].dropFirst()  // `>`
            if body.hasSuffix("</li>\n") { body = body.dropLast(6) }
            let text = String(body).replacing(#/ ?<a href="#fnref-[^"]*" class="footnote-backref"[^>]*>↩(<sup class="footnote-ref">[0-9]+<\/sup>)?<\/a>/#, with: "")
            var trimmed = Substring(text)
            while trimmed.first == "\n" { trimmed = trimmed.dropFirst() }
            while trimmed.last == "\n" { trimmed = trimmed.dropLast() }
            definitions.append((label, String(trimmed)))
        }
        return (String(html[..<start.lowerBound] + html[end.upperBound...]), definitions)
    }

    /// Numbers every marker of `body` in order (a footnote's number is that of its first
    /// reference), with unique ids from `ids`, and lists the footnotes once, after the
    /// cells. Definitions are looked up case-insensitively, as cmark does; a reference
    /// with no definition shows as the text it was.
    static func resolve(_ body: String, definitions: [String: String], ids: inout IDAllocator) -> (body: String, notes: String) {
        guard body.unicodeScalars.contains("\u{1}") else { return (body, "") }
        var numbers: [String: (number: Int, id: String, refs: [String])] = [:]
        var order: [String] = []
        func replaceMarkers(_ text: String) -> String {
            var out = ""
            var rest = text[...]
            while let open = rest.firstIndex(of: "\u{1}"), let close = rest[open...].firstIndex(of: "\u{2}") {
                out += rest[..<open]
                let label = String(rest[rest.index(after: open)..<close])
                let key = label.lowercased()
                if definitions[key] == nil {
                    out += "[^" + label + "]"  // already escaped: it came from cmark's HTML
                } else {
                    if numbers[key] == nil {
                        numbers[key] = (order.count + 1, ids.unique("fn-\(order.count + 1)"), [])
                        order.append(key)
                    }
                    let entry = numbers[key] ?? (0, "", [])
                    let refID = ids.unique("fnref-\(entry.number)" + (entry.refs.isEmpty ? "" : "-\(entry.refs.count + 1)"))
                    numbers[key]?.refs.append(refID)
                    out += "<sup class=\"footnote-ref\"><a href=\"#" + Escape.attribute(entry.id) + "\" id=\"" + Escape.attribute(refID)
                        + "\" role=\"doc-noteref\">\(entry.number)</a></sup>"
                }
                rest = rest[rest.index(after: close)...]
            }
            out += rest
            return out
        }
        let newBody = replaceMarkers(body)
        var items: [String] = []
        var index = 0
        // Footnotes may refer to footnotes: those are numbered as they are met.
        while index < order.count {
            let key = order[index]
            let text = replaceMarkers(definitions[key] ?? "")
            let entry = numbers[key] ?? (0, "", [])
            let backs = entry.refs.enumerated().map { k, ref in
                "<a href=\"#" + Escape.attribute(ref) + "\" class=\"footnote-backref\" aria-label=\"Back to reference \(entry.number)"
                    + (entry.refs.count > 1 ? "-\(k + 1)" : "") + "\">↩</a>"
            }.joined(separator: " ")
            // The back links go inside the last paragraph when there is one.
            let item: String
            if text.hasSuffix("</p>") {
                item = String(text.dropLast(4)) + " " + backs + "</p>"
            } else {
                item = text + "\n<p>" + backs + "</p>"
            }
            items.append("<li id=\"" + Escape.attribute(entry.id) + "\">\n" + item + "\n</li>\n")
            index += 1
        }
        let notes = "<section class=\"footnotes\" aria-labelledby=\"footnotes-title\">\n<h2 id=\"footnotes-title\" class=\"footnotes-title\">Notes</h2>\n<ol>\n"
            + items.joined() + "</ol>\n</section>\n"
        return (newBody, notes)
    }
}
