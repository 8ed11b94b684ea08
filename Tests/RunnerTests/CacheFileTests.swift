import Tabular
import Testing
@testable import Language
@testable import Runner

/// A cache file is input like any other (a shared repository may hold an Outputs folder
/// with its cache): malformed ones are ignored, never trusted and never a crash. Found
/// while hardening: deep nesting recursed without limit, and a null mask of the wrong
/// length was accepted and crashed later with an index out of range.
@Suite struct CacheFileTests {
    static func uint64(_ n: Int) -> [UInt8] { withUnsafeBytes(of: UInt64(n).littleEndian) { Array($0) } }

    @Test func deeplyNestedListsAreMalformed() {
        // 200,000 levels of a one-element mixed list (tag 7, count 1), then null.
        var bytes: [UInt8] = []
        for _ in 0..<200_000 { bytes += [7] + Self.uint64(1) }
        bytes.append(0)
        #expect(throws: ValueCodec.Malformed.self) { try ValueCodec.decode(bytes) }
    }

    @Test func nestingTheLanguageCanBuildStillDecodes() throws {
        var value = Value.null
        for _ in 0..<900 { value = .list(.values([value])) }
        let decoded = try ValueCodec.decode(try ValueCodec.encode(value))
        #expect(decoded.isEqual(to: value))
    }

    @Test func aNullMaskOfTheWrongLengthIsMalformed() {
        // numbers (tag 4): 2 values, then a mask (1) of 1 entry.
        let list: [UInt8] = [4] + Self.uint64(2) + Self.uint64(0) + Self.uint64(0) + [1] + Self.uint64(1) + [1]
        #expect(throws: ValueCodec.Malformed.self) { try ValueCodec.decode(list) }
        // A table (tag 9): names ["a"], 2 rows, number column of 2, mask of 3.
        let table: [UInt8] = [9] + Self.uint64(1) + Self.uint64(1) + Array("a".utf8) + Self.uint64(2)
            + [0] + Self.uint64(2) + Self.uint64(0) + Self.uint64(0) + [1] + Self.uint64(3) + [0, 0, 0] + [0]
        #expect(throws: ValueCodec.Malformed.self) { try ValueCodec.decode(table) }
        // The same with a mask of the right length decodes.
        let good: [UInt8] = [4] + Self.uint64(2) + Self.uint64(0) + Self.uint64(0) + [1] + Self.uint64(2) + [1, 0]
        #expect(throws: Never.self) { try ValueCodec.decode(good) }
    }

    /// A cached table comes back with its display settings (a cell reusing a cached
    /// `label`/`hide`/`format` result must show the same report).
    @Test func displaySettingsRoundTrip() throws {
        var table = Table(uncheckedNames: ["a", "b"], columns: [.numbers([1]), .strings(["x"])], rowCount: 1)
        table.display = [ColumnDisplay(format: "0.0", label: "A (m)"), ColumnDisplay(hidden: true)]
        guard case .table(let decoded) = try ValueCodec.decode(try ValueCodec.encode(.table(table))) else {
            Issue.record("not a table")
            return
        }
        #expect(decoded == table)
    }
}
