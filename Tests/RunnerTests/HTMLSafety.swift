// A small, strict reader of the HTML and SVG folio writes, listing anything that could
// run code when a reader opens the file: script-capable elements, event-handler
// attributes, script URLs, and CSS that loads or runs anything. Shared with the Markdown
// fuzz target (fuzz/targets/markdown.swift compiles this file in), so it imports nothing.

/// One executable thing found in a document.
struct UnsafeFinding: Equatable, CustomStringConvertible {
    var what: String
    var near: String
    var description: String { "\(what) near \(near.debugDescription)" }
}

enum HTMLSafety {
    /// Elements that run code, load other documents, or change how the page is read.
    static let forbiddenElements: Set<String> = [
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "link",
        "meta", "style", "foreignobject", "animate", "set", "animatetransform", "animatemotion", "handler",
        "listener", "portal", "noscript", "template", "svg:script", "math",
    ]
    static let urlAttributes: Set<String> = [
        "href", "src", "xlink:href", "action", "formaction", "data", "poster", "background", "srcset", "from", "to", "values",
    ]

    /// `allowing`: elements the caller expects (the report's own `<style>` and CSP `<meta>`
    /// in its head). Their content is not inspected except `<style>`'s, for CSS that loads
    /// or runs anything.
    static func findings(in document: String, allowing allowed: Set<String> = []) -> [UnsafeFinding] {
        var found: [UnsafeFinding] = []
        let s = Array(document.unicodeScalars)
        var i = 0
        func context(_ at: Int) -> String {
            String(String.UnicodeScalarView(s[max(0, at - 30)..<min(s.count, at + 50)]))
        }
        while i < s.count {
            guard s[i] == "<" else { i += 1; continue }
            let tagStart = i
            i += 1
            if i < s.count, s[i] == "!" || s[i] == "?" {
                // Comment, doctype or processing instruction: skip to its end.
                let closer: [Unicode.Scalar] = i + 2 < s.count && s[i + 1] == "-" && s[i + 2] == "-" ? ["-", "-", ">"] : [">"]
                while i < s.count, !(Array(s[i..<min(s.count, i + closer.count)]) == closer) { i += 1 }
                i += closer.count
                continue
            }
            var closing = false
            if i < s.count, s[i] == "/" { closing = true; i += 1 }
            var name = ""
            while i < s.count, !isSpace(s[i]), s[i] != ">", s[i] != "/" { name.unicodeScalars.append(s[i]); i += 1 }
            name = name.lowercased()
            if name.isEmpty { continue } // a lone `<` in text that escaping missed would be its own finding below
            if !closing, forbiddenElements.contains(name), !allowed.contains(name) {
                found.append(UnsafeFinding(what: "element <\(name)>", near: context(tagStart)))
            }
            // Attributes.
            while i < s.count, s[i] != ">" {
                if isSpace(s[i]) || s[i] == "/" { i += 1; continue }
                var attribute = ""
                while i < s.count, !isSpace(s[i]), s[i] != "=", s[i] != ">", s[i] != "/" || attribute.isEmpty {
                    attribute.unicodeScalars.append(s[i]); i += 1
                }
                attribute = attribute.lowercased()
                while i < s.count, isSpace(s[i]) { i += 1 }
                var value = ""
                if i < s.count, s[i] == "=" {
                    i += 1
                    while i < s.count, isSpace(s[i]) { i += 1 }
                    if i < s.count, s[i] == "\"" || s[i] == "'" {
                        let quote = s[i]
                        i += 1
                        while i < s.count, s[i] != quote { value.unicodeScalars.append(s[i]); i += 1 }
                        i += 1
                    } else {
                        while i < s.count, !isSpace(s[i]), s[i] != ">" { value.unicodeScalars.append(s[i]); i += 1 }
                    }
                }
                if attribute.hasPrefix("on") {
                    found.append(UnsafeFinding(what: "event attribute \(attribute)", near: context(tagStart)))
                }
                if attribute == "style", let problem = cssProblem(decodeEntities(value)) {
                    found.append(UnsafeFinding(what: "style attribute with \(problem)", near: context(tagStart)))
                }
                if urlAttributes.contains(attribute), let problem = urlProblem(decodeEntities(value)) {
                    found.append(UnsafeFinding(what: "\(attribute) \(problem)", near: context(tagStart)))
                }
            }
            i += 1
            if !closing, name == "style" || name == "script" {
                // Raw-text element: its content is not markup.
                let end = "</\(name)"
                var content = ""
                while i < s.count {
                    if s[i] == "<", String(String.UnicodeScalarView(s[i..<min(s.count, i + end.unicodeScalars.count)])).lowercased() == end { break }
                    content.unicodeScalars.append(s[i]); i += 1
                }
                if name == "style", let problem = cssProblem(content) {
                    found.append(UnsafeFinding(what: "<style> with \(problem)", near: context(tagStart)))
                }
            }
        }
        return found
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}"
    }

    /// A URL whose scheme runs script (`javascript:`, `vbscript:`, `data:` other than a
    /// raster image), judged as a browser would: after entity decoding, ignoring ASCII
    /// whitespace and controls, in any case.
    static func urlProblem(_ raw: String) -> String? {
        let cleaned = String(String.UnicodeScalarView(raw.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })).lowercased()
        guard let colon = cleaned.firstIndex(of: ":") else { return nil }
        let scheme = cleaned[..<colon]
        // A colon after `/`, `?` or `#` is part of a relative path, not a scheme.
        if scheme.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return nil }
        // Schemes a browser runs as script (or renders as a document that can script).
        guard ["javascript", "vbscript", "livescript", "mocha", "data"].contains(String(scheme)) else { return nil }
        if scheme == "data" {
            for image in ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"] where cleaned.hasPrefix(image) {
                return nil
            }
        }
        return "URL with scheme `\(scheme)`: \(raw)"
    }

    /// CSS that can load a resource or run script in some browser.
    static func cssProblem(_ css: String) -> String? {
        let lowered = css.lowercased().replacingAll("\\", with: "")
        for bad in ["url(", "expression(", "@import", "javascript:", "behavior:", "-moz-binding", "</style"] where lowered.contains(bad) {
            return "`\(bad)`"
        }
        return nil
    }

    /// `&amp; &lt; &gt; &quot; &#39; &#NN; &#xHH;` — enough to read what a browser reads.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        let s = Array(text.unicodeScalars)
        var i = 0
        while i < s.count {
            if s[i] == "&", let semi = s[i...].prefix(12).firstIndex(of: ";") {
                let body = String(String.UnicodeScalarView(s[(i + 1)..<semi])).lowercased()
                var decoded: Unicode.Scalar?
                switch body {
                case "amp": decoded = "&"
                case "lt": decoded = "<"
                case "gt": decoded = ">"
                case "quot": decoded = "\""
                case "apos": decoded = "'"
                case "colon": decoded = ":"
                case "tab": decoded = "\t"
                case "newline": decoded = "\n"
                default:
                    if body.hasPrefix("#x"), let v = UInt32(body.dropFirst(2), radix: 16) { decoded = Unicode.Scalar(v) }
                    else if body.hasPrefix("#"), let v = UInt32(body.dropFirst()) { decoded = Unicode.Scalar(v) }
                }
                if let decoded {
                    out.unicodeScalars.append(decoded)
                    i = semi + 1
                    continue
                }
            }
            out.unicodeScalars.append(s[i])
            i += 1
        }
        return out
    }
}

private extension String {
    func replacingAll(_ a: String, with b: String) -> String {
        split(separator: Character(a), omittingEmptySubsequences: false).joined(separator: b)
    }
}
