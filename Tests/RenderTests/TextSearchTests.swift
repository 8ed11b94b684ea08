import Testing
@testable import Render

// TextSearch.swift finds markup by bytes; it must find exactly what the standard
// library's `Character` search finds, next to combining marks, emoji and CR LF too.

/// Pieces whose concatenations hit every boundary case: ASCII, a combining acute accent
/// (joins the character before it), CR and LF, an emoji with a modifier, a regional
/// indicator pair, multi-byte letters, and the needles' own parts.
private let pieces = ["<", ">", "a", "\u{301}", "\r", "\n", "👍🏽", "🇯🇵", "é", "ж", "<p>", "</p>", "[!", "![", "\"", "id=\""]
private let needles = ["<p>", "</p>", "[!", "![", "id=\"", "<p>[!", "a>"]

@Test func byteSearchFindsWhatCharacterSearchFinds() {
    var generator = SystemRandomNumberGenerator()
    var checked = 0
    for _ in 0..<4000 {
        let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
        for needle in needles {
            #expect(text.firstRangeOfText(needle) == text.firstRange(of: needle), "\(needle.debugDescription) in \(text.debugDescription)")
            #expect(text.containsText(needle) == text.contains(needle))
            let tail = text.dropFirst(min(2, text.count))
            #expect(tail.firstRangeOfText(needle) == tail.firstRange(of: needle), "\(needle.debugDescription) in \(tail.debugDescription)")
            checked += 1
        }
    }
    #expect(checked == 4000 * needles.count)
}

@Test func aByteMatchInsideACharacterIsNotAMatch() {
    // `>` followed by a combining accent is one character `>́`: no `a>` there, but a later one.
    let text = "a>\u{301} then a>"
    let found = text.firstRangeOfText("a>")
    #expect(found == text.firstRange(of: "a>"))
    #expect(found.map { text.distance(from: text.startIndex, to: $0.lowerBound) } == 8)
    #expect("x\u{301}".containsText("x") == false)
    #expect("".containsText("x") == false)
}
