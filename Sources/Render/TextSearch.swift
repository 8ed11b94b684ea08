#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Finding a piece of markup in rendered HTML by its bytes. `String.contains(_:)` and
// `firstRange(of:)` of the standard library compare `Character`s one at a time: on a
// report's HTML they were 11% of a whole `folio run` of the trajectory notebook. The
// needles here begin and end with ASCII characters, and a byte match whose neighbours
// are ASCII too lies on `Character` boundaries (two ASCII characters always have a
// boundary between them, but for CR LF, which no needle begins or ends with), so it is
// exactly the match a `Character` search finds. A byte match next to a non-ASCII byte
// (a combining mark could join the needle's last character) is left to that search.

extension String {
    /// Whether `needle` (ASCII at both ends) occurs, as `contains(_:)` would say.
    func containsText(_ needle: String) -> Bool {
        self[...].firstRangeOfText(needle) != nil
    }

    /// The first occurrence of `needle` (ASCII at both ends), as `firstRange(of:)`.
    func firstRangeOfText(_ needle: String) -> Range<String.Index>? {
        self[...].firstRangeOfText(needle)
    }
}

extension Substring {
    /// The first occurrence of `needle` (ASCII at both ends), as `firstRange(of:)`.
    func firstRangeOfText(_ needle: String) -> Range<String.Index>? {
        var haystack = self
        var pattern = needle
        let found: (offset: Int, exact: Bool)? = haystack.withUTF8 { hay in
            pattern.withUTF8 { needleBytes in TextSearch.first(needleBytes, in: hay) }
        }
        guard let found else { return nil }
        guard found.exact else { return firstRange(of: needle) }
        let lower = utf8.index(startIndex, offsetBy: found.offset)
        let upper = utf8.index(lower, offsetBy: needle.utf8.count)
        return lower..<upper
    }
}

enum TextSearch {
    /// The byte offset of the first occurrence of `needle` in `hay`, and whether it is
    /// sure to be the first `Character` match (ASCII at the needle's ends and around the
    /// match); nil when the bytes occur nowhere (then no `Character` match exists either).
    static func first(_ needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>) -> (offset: Int, exact: Bool)? {
        let n = needle.count, count = hay.count
        guard n > 0, n <= count, let first = needle.first, let last = needle.last else {
            return n == 0 ? (0, false) : nil
        }
        let asciiEnds = first < 0x80 && last < 0x80
        guard let base = hay.baseAddress else { return nil }
        var i = 0
        while i <= count - n {
            // Candidates by `memchr` on the first byte, then the rest compared in place.
            guard let hit = memchr(base + i, Int32(first), count - n - i + 1) else { return nil }
            i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            var k = 1
            while k < n && hay[i + k] == needle[k] { k += 1 }
            if k == n {
                let before: UInt8 = i > 0 ? hay[i - 1] : 0
                let after: UInt8 = i + n < count ? hay[i + n] : 0
                return (i, asciiEnds && before < 0x80 && after < 0x80)
            }
            i += 1
        }
        return nil
    }
}
