/// The text of a cell (`code:` or `markdown:`) together with the map from every
/// position in that text back to the YAML file it came from.
///
/// A scalar's value is not a slice of the file: block scalars drop their indentation,
/// folded and plain scalars join lines, quoted scalars resolve escapes. The loader
/// records, for each run of value characters that stand one-for-one in the file, where
/// that run starts; every later error (parse, static, runtime) is located through it.
package struct SourceText: Sendable, Equatable {
    /// A run of the value that maps onto the file character for character, starting at
    /// `utf8Offset` in `text` and at `line`/`column` (1-based, column in Unicode scalars)
    /// in the file. It ends where the next segment starts.
    package struct Segment: Sendable, Equatable {
        package var utf8Offset: Int
        package var line: Int
        package var column: Int

        package init(utf8Offset: Int, line: Int, column: Int) {
            self.utf8Offset = utf8Offset
            self.line = line
            self.column = column
        }
    }

    package let text: String
    package let file: String
    /// Sorted by `utf8Offset`, never empty; the first starts at offset 0. A run longer
    /// than `checkpointBytes` is split into several segments (the map is the same).
    package let segments: [Segment]

    /// Locating a character scans its segment from the start to count columns; long
    /// runs get a segment every this many bytes, so a cell of one long line with many
    /// expressions is not located in time quadratic in the line's length.
    static let checkpointBytes = 256

    /// - Parameter segments: sorted by offset; an empty list or one not starting at 0
    ///   is completed with a segment at offset 0 mapped to the first given position
    ///   (or to line 1, column 1).
    package init(text: String, file: String, segments: [Segment]) {
        self.text = text
        self.file = file
        var segments = segments
        if segments.first?.utf8Offset != 0 {
            let first = segments.first
            segments.insert(Segment(utf8Offset: 0, line: first?.line ?? 1, column: first?.column ?? 1), at: 0)
        }
        self.segments = Self.withCheckpoints(segments, text: text)
    }

    /// `segments` with long runs split every `checkpointBytes` (at a character start).
    private static func withCheckpoints(_ segments: [Segment], text: String) -> [Segment] {
        let utf8 = text.utf8
        let count = utf8.count
        guard count > checkpointBytes else { return segments }
        return utf8.withContiguousStorageIfAvailable { bytes -> [Segment] in
            var result: [Segment] = []
            result.reserveCapacity(segments.count + count / checkpointBytes)
            for (i, segment) in segments.enumerated() {
                result.append(segment)
                let end = min(count, i + 1 < segments.count ? segments[i + 1].utf8Offset : count)
                var position = segment.utf8Offset, column = segment.column
                var next = position + checkpointBytes
                while next < end {
                    while next < end, bytes[next] & 0xC0 == 0x80 { next += 1 }  // a character's start
                    guard next < end else { break }
                    for k in position..<next where bytes[k] & 0xC0 != 0x80 { column += 1 }
                    result.append(Segment(utf8Offset: next, line: segment.line, column: column))
                    position = next
                    next = position + checkpointBytes
                }
            }
            return result
        } ?? segments
    }

    /// Text that stands verbatim in a file from `line`:`column`; each later line starts
    /// at column `continuationColumn`. Handy for tests and for files that are code as-is.
    package init(verbatim text: String, file: String, line: Int = 1, column: Int = 1, continuationColumn: Int = 1) {
        var segments = [Segment(utf8Offset: 0, line: line, column: column)]
        var currentLine = line
        var offset = 0
        for byte in text.utf8 {
            offset += 1
            if byte == UInt8(ascii: "\n") {
                currentLine += 1
                segments.append(Segment(utf8Offset: offset, line: currentLine, column: continuationColumn))
            }
        }
        self.init(text: text, file: file, segments: segments)
    }

    /// The file position of the character that starts at `utf8Offset` in `text`.
    /// Offsets past the end map to just after the last character.
    package func location(utf8Offset: Int) -> SourceLocation {
        let offset = max(0, utf8Offset)
        // Binary search: the last segment whose start is <= offset.
        var low = 0
        var high = segments.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if segments[mid].utf8Offset <= offset { low = mid } else { high = mid - 1 }
        }
        let segment = segments[low]
        // Columns count Unicode scalars: count the UTF-8 lead bytes between the
        // segment's start and the offset.
        var scalars = 0
        let utf8 = text.utf8
        var index = utf8.index(utf8.startIndex, offsetBy: segment.utf8Offset, limitedBy: utf8.endIndex) ?? utf8.endIndex
        var position = segment.utf8Offset
        while position < offset, index < utf8.endIndex {
            if utf8[index] & 0xC0 != 0x80 { scalars += 1 }
            utf8.formIndex(after: &index)
            position += 1
        }
        if position < offset { scalars += offset - position }
        return SourceLocation(file: file, line: segment.line, column: segment.column + scalars)
    }

    /// The file position of `index`, an index into `text`.
    package func location(of index: String.Index) -> SourceLocation {
        location(utf8Offset: text.utf8.distance(from: text.utf8.startIndex, to: index))
    }

    /// Where the text itself starts in the file.
    package var startLocation: SourceLocation { location(utf8Offset: 0) }
}
