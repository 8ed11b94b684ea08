import Language
import NotebookFormat
import ReportModel
import Tabular

/// A compact, deterministic binary form of interpreter values, for the cell cache: the
/// bytes fingerprint a value (same value, same bytes) and restore it.
///
/// Functions have no stable form (a closure's captured frame is not data), so a value
/// that holds one cannot be encoded: a cell that uses or binds one is never cached.
enum ValueCodec {
    /// Deeper than the language's own limit (1,000) cannot come from a real run.
    static let maxValueNesting = 1100
    struct NotEncodable: Error {}
    struct Malformed: Error {}

    // One tag byte per kind of value.
    private enum Tag: UInt8 {
        case null = 0, number, bool, string, numbers, bools, strings, values, record, table, chart, date, dates
    }

    static func encode(_ value: Value) throws(NotEncodable) -> [UInt8] {
        var writer = ByteWriter()
        try encode(value, into: &writer)
        return writer.bytes
    }

    static func encode(_ value: Value, into w: inout ByteWriter) throws(NotEncodable) {
        switch value {
        case .null: w.tag(Tag.null.rawValue)
        case .number(let x): w.tag(Tag.number.rawValue); w.double(x)
        case .bool(let b): w.tag(Tag.bool.rawValue); w.bool(b)
        case .string(let s): w.tag(Tag.string.rawValue); w.string(s)
        case .date(let d): w.tag(Tag.date.rawValue); w.day(d)
        case .list(let list):
            switch list {
            case .numbers(let v, let nulls): w.tag(Tag.numbers.rawValue); w.doubles(v); w.mask(nulls)
            case .bools(let v, let nulls): w.tag(Tag.bools.rawValue); w.bools(v); w.mask(nulls)
            case .strings(let v, let nulls): w.tag(Tag.strings.rawValue); w.strings(v); w.mask(nulls)
            case .dates(let v, let nulls): w.tag(Tag.dates.rawValue); w.days(v); w.mask(nulls)
            case .values(let v):
                w.tag(Tag.values.rawValue); w.int(v.count)
                for element in v { try encode(element, into: &w) }
            }
        case .record(let record):
            w.tag(Tag.record.rawValue); w.strings(record.keys)
            for element in record.values { try encode(element, into: &w) }
        case .table(let table):
            w.tag(Tag.table.rawValue); encode(table, into: &w)
        case .chart(let chart):
            w.tag(Tag.chart.rawValue)
            w.string(chart.kind.rawValue)
            w.optionalString(chart.title); w.optionalString(chart.xLabel); w.optionalString(chart.yLabel)
            encode(chart.table, into: &w)
            w.string(chart.x); w.strings(chart.y); w.optionalString(chart.group); w.bool(chart.stacked)
            w.optionalString(chart.label)
            w.int(chart.referenceLines.count)
            for reference in chart.referenceLines {
                w.double(reference.value); w.optionalString(reference.label); w.bool(reference.axis == .x)
            }
            encodeOptions(of: chart, into: &w)
        case .function:
            throw NotEncodable()
        }
    }

    /// The options beyond the first chart kinds', in `Chart`'s order. Every field of
    /// `Chart` is written: a cached chart must draw exactly as the one it stands for
    /// (`ValueCodecTests` sets every field).
    static func encodeOptions(of chart: Chart, into w: inout ByteWriter) {
        w.optionalString(chart.color)
        w.optionalString(chart.band?.lo); w.optionalString(chart.band?.hi)
        w.bool(chart.logY)
        for limit in [chart.yMin, chart.yMax, chart.xMin, chart.xMax, chart.width, chart.height] { w.optionalDouble(limit) }
        w.int(chart.spans.count)
        for span in chart.spans { w.double(span.from); w.double(span.to); w.optionalString(span.label) }
        w.int(chart.annotations.count)
        for note in chart.annotations { w.double(note.x); w.double(note.y); w.string(note.text) }
        w.optionalString(chart.annotationsLocation?.file)
        w.int(chart.annotationsLocation?.line ?? 0); w.int(chart.annotationsLocation?.column ?? 0)
        w.bool(chart.endLabels)
        w.optionalString(chart.facet)
        switch chart.bins {
        case .sturges: w.tag(0)
        case .count(let n): w.tag(1); w.int(n)
        case .edges(let edges): w.tag(2); w.doubles(edges)
        }
        w.optionalString(chart.total)
    }

    static func decodeOptions(into chart: inout Chart, from r: inout ByteReader) throws(Malformed) {
        chart.color = try r.optionalString()
        let lo = try r.optionalString(), hi = try r.optionalString()
        if let lo, let hi { chart.band = Band(lo: lo, hi: hi) } else if lo != nil || hi != nil { throw Malformed() }
        chart.logY = try r.bool()
        chart.yMin = try r.optionalDouble(); chart.yMax = try r.optionalDouble()
        chart.xMin = try r.optionalDouble(); chart.xMax = try r.optionalDouble()
        chart.width = try r.optionalDouble(); chart.height = try r.optionalDouble()
        for _ in 0..<(try r.count()) {
            chart.spans.append(Span(from: try r.double(), to: try r.double(), label: try r.optionalString()))
        }
        for _ in 0..<(try r.count()) {
            chart.annotations.append(Annotation(x: try r.double(), y: try r.double(), text: try r.string()))
        }
        let file = try r.optionalString(), line = try r.count(), column = try r.count()
        chart.annotationsLocation = file.map { SourceLocation(file: $0, line: line, column: column) }
        chart.endLabels = try r.bool()
        chart.facet = try r.optionalString()
        switch try r.tag() {
        case 0: chart.bins = .sturges
        case 1: chart.bins = .count(try r.count())
        case 2: chart.bins = .edges(try r.doubles())
        default: throw Malformed()
        }
        chart.total = try r.optionalString()
    }

    static func encode(_ table: Table, into w: inout ByteWriter) {
        w.strings(table.names)
        w.int(table.rowCount)
        for (column, settings) in zip(table.columns, table.display) {
            switch column.storage {
            case .number(let v): w.tag(0); w.doubles(v)
            case .string(let v):
                if let codes = v.codes {
                    w.tag(3); w.strings(v.pool); w.int(codes.count); for c in codes { w.int(Int(c)) }
                } else {
                    w.tag(1); w.strings(v.pool)
                }
            case .bool(let v): w.tag(2); w.bools(v)
            case .date(let v): w.tag(4); w.days(v)
            }
            w.mask(column.isNull)
            w.optionalString(settings.format); w.optionalString(settings.label); w.bool(settings.hidden)
        }
    }

    static func decode(_ bytes: [UInt8]) throws(Malformed) -> Value {
        var reader = ByteReader(bytes: bytes)
        let value = try decode(&reader)
        guard reader.atEnd else { throw Malformed() }
        return value
    }

    /// `depth`: lists and records around this value. A cache file is not trusted: nesting
    /// past what the language can build, or a null mask of the wrong length, is malformed
    /// (either crashed folio before: deep recursion, an index out of range later).
    static func decode(_ r: inout ByteReader, depth: Int = 0) throws(Malformed) -> Value {
        guard let tag = Tag(rawValue: try r.tag()) else { throw Malformed() }
        switch tag {
        case .null: return .null
        case .number: return .number(try r.double())
        case .bool: return .bool(try r.bool())
        case .string: return .string(try r.string())
        case .date: return .date(try r.day())
        case .dates:
            let values = try r.days()
            return .list(.dates(values, nulls: try r.mask(count: values.count)))
        case .numbers:
            let values = try r.doubles()
            return .list(.numbers(values, nulls: try r.mask(count: values.count)))
        case .bools:
            let values = try r.bools()
            return .list(.bools(values, nulls: try r.mask(count: values.count)))
        case .strings:
            let values = try r.strings()
            return .list(.strings(values, nulls: try r.mask(count: values.count)))
        case .values:
            guard depth < maxValueNesting else { throw Malformed() }
            let count = try r.count()
            var values: [Value] = []
            for _ in 0..<count { values.append(try decode(&r, depth: depth + 1)) }
            return .list(.values(values))
        case .record:
            guard depth < maxValueNesting else { throw Malformed() }
            let keys = try r.strings()
            var values: [Value] = []
            for _ in keys { values.append(try decode(&r, depth: depth + 1)) }
            return .record(Record(keys: keys, values: values))
        case .table:
            return .table(try decodeTable(&r))
        case .chart:
            guard let kind = Chart.Kind(rawValue: try r.string()) else { throw Malformed() }
            let title = try r.optionalString(), xLabel = try r.optionalString(), yLabel = try r.optionalString()
            let table = try decodeTable(&r)
            let x = try r.string(), y = try r.strings(), group = try r.optionalString(), stacked = try r.bool()
            let label = try r.optionalString()
            var chart = Chart(kind: kind, table: table, x: x, y: y, group: group, stacked: stacked, label: label,
                              title: title, xLabel: xLabel, yLabel: yLabel)
            for _ in 0..<(try r.count()) {
                chart.referenceLines.append(ReferenceLine(value: try r.double(), label: try r.optionalString(), axis: try r.bool() ? .x : .y))
            }
            try decodeOptions(into: &chart, from: &r)
            return .chart(chart)
        }
    }

    static func decodeTable(_ r: inout ByteReader) throws(Malformed) -> Table {
        let names = try r.strings()
        let rows = try r.count()
        var columns: [Column] = []
        var display: [ColumnDisplay] = []
        for _ in names {
            let storage: Column.Storage
            switch try r.tag() {
            case 0: storage = .number(try r.doubles())
            case 1: storage = .string(StringValues(try r.strings()))
            case 3:
                // Dictionary-encoded: every code must index the pool.
                let pool = try r.strings()
                let n = try r.count()
                var codes: [UInt32] = []
                codes.reserveCapacity(n)
                for _ in 0..<n {
                    let code = try r.uint64()
                    guard code < UInt64(pool.count) else { throw Malformed() }
                    codes.append(UInt32(truncatingIfNeeded: code))
                }
                storage = .string(StringValues(pool: pool, codes: codes))
            case 2: storage = .bool(try r.bools())
            case 4: storage = .date(try r.days())
            default: throw Malformed()
            }
            let column = Column(storage, isNull: try r.mask(count: rows))
            guard column.count == rows else { throw Malformed() }
            columns.append(column)
            let format = try r.optionalString(), label = try r.optionalString()
            display.append(ColumnDisplay(format: format, label: label, hidden: try r.bool()))
        }
        guard Set(names).count == names.count else { throw Malformed() }
        return Table(uncheckedNames: names, columns: columns, rowCount: rows, display: display)
    }
}

/// Little-endian writer for `ValueCodec` and the cache's entry files.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func tag(_ t: UInt8) { bytes.append(t) }
    mutating func bool(_ b: Bool) { bytes.append(b ? 1 : 0) }
    mutating func int(_ n: Int) { withUnsafeBytes(of: UInt64(n).littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func double(_ x: Double) { withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func string(_ s: String) { int(s.utf8.count); bytes.append(contentsOf: s.utf8) }
    mutating func optionalString(_ s: String?) {
        if let s { bool(true); string(s) } else { bool(false) }
    }
    mutating func optionalDouble(_ x: Double?) {
        if let x { bool(true); double(x) } else { bool(false) }
    }
    mutating func doubles(_ v: [Double]) { int(v.count); for x in v { double(x) } }
    mutating func bools(_ v: [Bool]) { int(v.count); for b in v { bool(b) } }
    mutating func day(_ d: Int32) { withUnsafeBytes(of: d.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func days(_ v: [Int32]) { int(v.count); for d in v { day(d) } }
    mutating func strings(_ v: [String]) { int(v.count); for s in v { string(s) } }
    mutating func mask(_ m: [Bool]?) {
        if let m { bool(true); bools(m) } else { bool(false) }
    }
    mutating func raw(_ other: [UInt8]) { int(other.count); bytes.append(contentsOf: other) }
}

/// Reader for `ByteWriter`'s format; every read checks bounds (a cache file may be
/// truncated or from another version: it is then ignored, never trusted).
struct ByteReader {
    let bytes: [UInt8]
    var position = 0

    var atEnd: Bool { position == bytes.count }

    mutating func tag() throws(ValueCodec.Malformed) -> UInt8 {
        guard position < bytes.count else { throw ValueCodec.Malformed() }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func bool() throws(ValueCodec.Malformed) -> Bool {
        switch try tag() {
        case 0: return false
        case 1: return true
        default: throw ValueCodec.Malformed()
        }
    }

    mutating func uint64() throws(ValueCodec.Malformed) -> UInt64 {
        guard bytes.count - position >= 8 else { throw ValueCodec.Malformed() }
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return n
    }

    /// A length: bounded by the bytes left, so a corrupt length cannot allocate wildly.
    mutating func count() throws(ValueCodec.Malformed) -> Int {
        let n = try uint64()
        guard n <= UInt64(bytes.count) else { throw ValueCodec.Malformed() }
        return Int(n)
    }

    mutating func double() throws(ValueCodec.Malformed) -> Double { Double(bitPattern: try uint64()) }

    mutating func string() throws(ValueCodec.Malformed) -> String {
        let n = try count()
        guard bytes.count - position >= n else { throw ValueCodec.Malformed() }
        defer { position += n }
        return String(decoding: bytes[position..<position + n], as: UTF8.self)
    }

    mutating func optionalString() throws(ValueCodec.Malformed) -> String? {
        try bool() ? try string() : nil
    }

    mutating func optionalDouble() throws(ValueCodec.Malformed) -> Double? {
        try bool() ? try double() : nil
    }

    mutating func doubles() throws(ValueCodec.Malformed) -> [Double] {
        let n = try count()
        var v: [Double] = []
        v.reserveCapacity(n)
        for _ in 0..<n { v.append(try double()) }
        return v
    }

    /// A day number, which must be a date of the years 1–9999.
    mutating func day() throws(ValueCodec.Malformed) -> Int32 {
        guard bytes.count - position >= 4 else { throw ValueCodec.Malformed() }
        var n: UInt32 = 0
        for i in 0..<4 { n |= UInt32(bytes[position + i]) << (8 * UInt32(i)) }
        position += 4
        let d = Int32(bitPattern: n)
        guard CalendarDate.inRange(Int(d)) else { throw ValueCodec.Malformed() }
        return d
    }

    mutating func days() throws(ValueCodec.Malformed) -> [Int32] {
        let n = try count()
        var v: [Int32] = []
        v.reserveCapacity(n)
        for _ in 0..<n { v.append(try day()) }
        return v
    }

    mutating func bools() throws(ValueCodec.Malformed) -> [Bool] {
        let n = try count()
        var v: [Bool] = []
        v.reserveCapacity(n)
        for _ in 0..<n { v.append(try bool()) }
        return v
    }

    mutating func strings() throws(ValueCodec.Malformed) -> [String] {
        let n = try count()
        var v: [String] = []
        for _ in 0..<n { v.append(try string()) }
        return v
    }

    /// A null mask, which must have `count` entries.
    mutating func mask(count: Int) throws(ValueCodec.Malformed) -> [Bool]? {
        guard try bool() else { return nil }
        let mask = try bools()
        guard mask.count == count else { throw ValueCodec.Malformed() }
        return mask
    }

    mutating func raw() throws(ValueCodec.Malformed) -> [UInt8] {
        let n = try count()
        guard bytes.count - position >= n else { throw ValueCodec.Malformed() }
        defer { position += n }
        return Array(bytes[position..<position + n])
    }
}
