import Suggestions
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A sheet of an .xlsx workbook as a table.
///
/// The sheet is the first unless named; `range` (`A3:F40`, or `A3:F` to the last row)
/// picks a block whose first row is the header; without it the header is the sheet's
/// first non-empty row, and the columns run from its first to its last non-empty cell.
/// Rows with no value in the table's columns are skipped. Cells are typed by the
/// workbook: numbers, text (shared and inline strings), bools, and dates — numbers shown
/// with a date format (or `t="d"` cells) — as day numbers; a date with a time of day is
/// text `YYYY-MM-DDTHH:MM:SS` (Folio's dates are days). A formula is read as the value the
/// workbook saved with it (Folio never recalculates). An empty cell is null. A cell with
/// a spreadsheet error (`#DIV/0!`) is an error naming the cell.
///
/// Safety: the archive's members are inflated as streams into libxml2's streaming reader
/// (`XMLStream`), and a member whose recorded size passes `limit` is refused before any
/// of it is inflated (a zip bomb); DTDs are refused.
package enum XLSXTable {
    /// A block of a sheet, 1-based (see `DataSource.CellRange` of the notebook format).
    package struct Range: Sendable, Equatable {
        package var firstColumn: Int, firstRow: Int, lastColumn: Int
        package var lastRow: Int?

        package init(firstColumn: Int, firstRow: Int, lastColumn: Int, lastRow: Int?) {
            self.firstColumn = firstColumn
            self.firstRow = firstRow
            self.lastColumn = lastColumn
            self.lastRow = lastRow
        }

        var text: String {
            XLSXTable.columnName(firstColumn) + String(firstRow) + ":" + XLSXTable.columnName(lastColumn) + (lastRow.map(String.init) ?? "")
        }
    }

    /// The workbook in the file at `path`, read in place (never held whole).
    package static func read(path: String, sheet: String? = nil, range: Range? = nil, limit: Int? = nil) throws(DataReadError) -> Table {
        var workbook = try Workbook(archive: try ZipArchive(path: path), limit: limit)
        return try workbook.read(sheet: sheet, range: range)
    }

    /// The workbook in the open file `descriptor` (which is closed when done): the file
    /// a caller has hashed through the same descriptor is the file read.
    package static func read(descriptor: Int32, sheet: String? = nil, range: Range? = nil, limit: Int? = nil) throws(DataReadError) -> Table {
        var workbook = try Workbook(archive: try ZipArchive(descriptor: descriptor), limit: limit)
        return try workbook.read(sheet: sheet, range: range)
    }

    /// The workbook in memory.
    package static func read(_ bytes: [UInt8], sheet: String? = nil, range: Range? = nil, limit: Int? = nil) throws(DataReadError) -> Table {
        var workbook = try Workbook(archive: try ZipArchive(bytes), limit: limit)
        return try workbook.read(sheet: sheet, range: range)
    }

    /// The sheets' names in the workbook's order.
    package static func sheetNames(_ bytes: [UInt8]) throws(DataReadError) -> [String] {
        try Workbook(archive: try ZipArchive(bytes), limit: nil).sheets.map(\.name)
    }

    static func columnName(_ column: Int) -> String {
        var n = column, letters: [UInt8] = []
        while n > 0 {
            letters.append(UInt8(ascii: "A") + UInt8((n - 1) % 26))
            n = (n - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    static func cellName(column: Int, row: Int) -> String { columnName(column) + String(row) }

    /// A format code shows a date when, outside quoted text, `[…]` and escaped
    /// characters, it has a day or year (`d`, `y`); `m` alone may be minutes.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false, bracket = false, escaped = false
        for byte in code.utf8 {
            if escaped { escaped = false; continue }
            switch byte {
            case UInt8(ascii: "\""): quoted.toggle()
            case UInt8(ascii: "["): if !quoted { bracket = true }
            case UInt8(ascii: "]"): if !quoted { bracket = false }
            case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"): if !quoted { escaped = true }
            case UInt8(ascii: "d"), UInt8(ascii: "D"), UInt8(ascii: "y"), UInt8(ascii: "Y"):
                if !quoted, !bracket { return true }
            default: break
            }
        }
        return false
    }
}

private struct Workbook {
    struct Sheet {
        var name: String
        var path: String
    }

    let archive: ZipArchive
    let limit: Int?
    var sheets: [Sheet] = []
    var date1904 = false

    init(archive: ZipArchive, limit: Int?) throws(DataReadError) {
        self.archive = archive
        self.limit = limit
        guard archive.members["xl/workbook.xml"] != nil else {
            throw .noWorkbookXML
        }
        var targets: [String: String] = [:]
        if archive.members["xl/_rels/workbook.xml.rels"] != nil {
            let xml = try open("xl/_rels/workbook.xml.rels")
            let relationship = xml.interned("Relationship")
            while try xml.next() {
                guard xml.nodeType == .element, xml.localName == relationship,
                      let id = xml.attribute("Id"), let target = xml.attribute("Target") else { continue }
                targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
        }
        let xml = try open("xl/workbook.xml")
        let sheet = xml.interned("sheet"), workbookPr = xml.interned("workbookPr")
        while try xml.next() {
            guard xml.nodeType == .element else { continue }
            if xml.localName == workbookPr {
                let flag = xml.attribute("date1904")
                date1904 = flag == "1" || flag == "true"
            } else if xml.localName == sheet, let name = xml.attribute("name") {
                let id = xml.attribute("id") ?? ""
                sheets.append(Sheet(name: name, path: targets[id] ?? "xl/worksheets/sheet\(sheets.count + 1).xml"))
            }
        }
        guard !sheets.isEmpty else { throw .noSheets }
    }

    /// A member as an XML stream, refused before inflating when its recorded size
    /// passes the memory limit.
    func open(_ name: String) throws(DataReadError) -> XMLStream {
        guard let member = archive.members[name] else {
            throw .missingMember(name)
        }
        if let limit, member.uncompressedSize > limit {
            throw .memberPastMemoryLimit(name, size: member.uncompressedSize, limit: limit)
        }
        return try XMLStream(member: ZipMemberStream(archive: archive, member: member), name: name)
    }

    mutating func read(sheet name: String?, range: XLSXTable.Range?) throws(DataReadError) -> Table {
        let sheet: Sheet
        if let name {
            guard let found = sheets.first(where: { $0.name == name }) else {
                let names = sheets.map { "`\($0.name)`" }.joined(separator: ", ")
                let hint = Suggestion.closest(to: name, in: sheets.map(\.name)).map { "did you mean `\($0)`? " } ?? ""
                throw .noSuchSheet(name, hint: hint, names: names)
            }
            sheet = found
        } else {
            sheet = sheets[0]
        }
        let strings = try sharedStrings()
        let dateStyles = try self.dateStyles()
        var reader = SheetReader(sheetName: sheet.name, range: range, strings: strings, dateStyles: dateStyles,
                                 date1904: date1904, limit: limit)
        return try reader.read(try open(sheet.path))
    }

    /// `xl/sharedStrings.xml`: each `<si>`'s text (its `<t>`s, runs included, phonetic
    /// readings `<rPh>` left out).
    func sharedStrings() throws(DataReadError) -> [String] {
        guard archive.members["xl/sharedStrings.xml"] != nil else { return [] }
        let xml = try open("xl/sharedStrings.xml")
        let si = xml.interned("si"), t = xml.interned("t"), rPh = xml.interned("rPh")
        var strings: [String] = []
        var current: [UInt8] = []
        var inT = false, inPhonetic = false
        while try xml.next() {
            let name = xml.localName
            switch xml.nodeType {
            case .element:
                if name == si { current.removeAll(keepingCapacity: true) }
                if name == t, !xml.isEmptyElement { inT = true }
                if name == rPh, !xml.isEmptyElement { inPhonetic = true }
                if name == si, xml.isEmptyElement { strings.append("") }
            case .endElement:
                if name == t { inT = false }
                if name == rPh { inPhonetic = false }
                if name == si { strings.append(String(decoding: current, as: UTF8.self)) }
            case .text, .cdata, .whitespace:
                if inT, !inPhonetic, let value = xml.value { current.append(contentsOf: UnsafeBufferPointer(start: value, count: strlen(value))) }
            default:
                break
            }
        }
        return strings
    }

    /// For each cell style (`<cellXfs>`'s `<xf>` in order), whether its number format
    /// shows a date.
    func dateStyles() throws(DataReadError) -> [Bool] {
        guard archive.members["xl/styles.xml"] != nil else { return [] }
        let xml = try open("xl/styles.xml")
        let numFmt = xml.interned("numFmt"), cellXfs = xml.interned("cellXfs"), xf = xml.interned("xf")
        var custom: [Int: Bool] = [:]
        var styles: [Bool] = []
        var inCellXfs = false
        while try xml.next() {
            let name = xml.localName
            if xml.nodeType == .element {
                if name == numFmt, let id = xml.attribute("numFmtId").flatMap({ Int($0) }), let code = xml.attribute("formatCode") {
                    custom[id] = XLSXTable.isDateFormat(code)
                } else if name == cellXfs, !xml.isEmptyElement {
                    inCellXfs = true
                } else if name == xf, inCellXfs {
                    let id = xml.attribute("numFmtId").flatMap { Int($0) } ?? 0
                    styles.append(custom[id] ?? Self.builtInDateFormats.contains(id))
                }
            } else if xml.nodeType == .endElement, name == cellXfs {
                inCellXfs = false
            }
        }
        return styles
    }

    /// Excel's built-in number formats that show a date (14–17 and 22, and the East
    /// Asian date formats 27–36 and 50–58); 18–21 and 45–47 are times of day: numbers.
    static let builtInDateFormats: Set<Int> = Set([14, 15, 16, 17, 22] + Array(27...36) + Array(50...58))
}

/// The cells of one sheet into a `TableBuilder`.
private struct SheetReader {
    let sheetName: String
    let range: XLSXTable.Range?
    let strings: [String]
    let dateStyles: [Bool]
    let date1904: Bool
    var builder: TableBuilder
    /// The header's row once met, and the table's columns (sheet column → table column).
    var headerRow: Int?
    var firstColumn = 1, lastColumn = 0
    /// The header's cells (sheet column, text) while the header row is read.
    var header: [(column: Int, name: String)] = []
    /// The last sheet row that has a table row.
    var rowInTable = 0
    /// The used area seen, for errors.
    var lastRowSeen = 0, lastColumnSeen = 0

    init(sheetName: String, range: XLSXTable.Range?, strings: [String], dateStyles: [Bool], date1904: Bool, limit: Int?) {
        self.sheetName = sheetName
        self.range = range
        self.strings = strings
        self.dateStyles = dateStyles
        self.date1904 = date1904
        builder = TableBuilder(limit: limit)
        if let range {
            firstColumn = range.firstColumn
            lastColumn = range.lastColumn
        }
    }

    /// A cell's value as read.
    enum Value {
        case null, number(Double), text(String), bool(Bool), date(Int32)
    }

    mutating func read(_ xml: XMLStream) throws(DataReadError) -> Table {
        let rowName = xml.interned("row"), cName = xml.interned("c"), vName = xml.interned("v")
        let isName = xml.interned("is"), tName = xml.interned("t"), rPhName = xml.interned("rPh")
        let rAttribute = xml.interned("r"), tAttribute = xml.interned("t"), sAttribute = xml.interned("s")
        var row = 0, column = 0
        var text: [UInt8] = []
        while try xml.next() {
            guard xml.nodeType == .element else { continue }
            let name = xml.localName
            if name == rowName {
                var number = row + 1
                xml.attributes { attribute, value in
                    if attribute == rAttribute, let n = Self.integer(value) { number = n }
                }
                guard number > row else { throw problem("row \(number) comes after row \(row)") }
                if headerRow != nil || row > 0 { try endRow(row) }
                row = number
                column = 0
                if let last = range?.lastRow, row > last { break }
                continue
            }
            guard name == cName, row > 0 else { continue }
            // A cell: `r` (its reference), `t` (type), `s` (style).
            var reference: Int?
            var type: UInt8 = UInt8(ascii: "n"), typeSecond: UInt8 = 0
            var style = 0
            xml.attributes { attribute, value in
                if attribute == rAttribute {
                    reference = Self.column(of: value)
                } else if attribute == tAttribute {
                    type = value[0]
                    typeSecond = type == 0 ? 0 : value[1]
                } else if attribute == sAttribute {
                    style = Self.integer(value) ?? 0
                }
            }
            column = reference ?? column + 1
            lastRowSeen = max(lastRowSeen, row)
            lastColumnSeen = max(lastColumnSeen, column)
            // The cell's content: `<v>` (or `<is>` for an inline string).
            text.removeAll(keepingCapacity: true)
            var hasValue = false
            if !xml.isEmptyElement {
                let depth = xml.depth
                var inV = false, inT = false, inPhonetic = false
                while try xml.next() {
                    let node = xml.nodeType, inner = xml.localName
                    if node == .endElement {
                        if xml.depth == depth { break }
                        if inner == vName { inV = false } else if inner == tName { inT = false } else if inner == rPhName { inPhonetic = false }
                    } else if node == .element {
                        if xml.isEmptyElement {
                            if inner == isName || inner == vName { hasValue = true }
                            continue
                        }
                        if inner == vName { inV = true; hasValue = true }
                        else if inner == isName { hasValue = true }
                        else if inner == tName { inT = true }
                        else if inner == rPhName { inPhonetic = true }
                    } else if node == .text || node == .cdata || node == .whitespace, inV || (inT && !inPhonetic), let value = xml.value {
                        text.append(contentsOf: UnsafeBufferPointer(start: value, count: strlen(value)))
                    }
                }
            }
            guard hasValue, column >= firstColumn, range == nil || column <= lastColumn,
                  range == nil || row >= range?.firstRow ?? 1 else { continue }
            let value = try cellValue(type: type, typeSecond: typeSecond, style: style, text: text, row: row, column: column)
            try place(value, row: row, column: column)
        }
        try endRow(row)
        return try finish()
    }

    // MARK: cells

    func cellValue(type: UInt8, typeSecond: UInt8, style: Int, text: [UInt8], row: Int, column: Int) throws(DataReadError) -> Value {
        let cell = XLSXTable.cellName(column: column, row: row)
        switch type {
        case UInt8(ascii: "s") where typeSecond == UInt8(ascii: "t"):  // "str": a formula's text
            return .text(String(decoding: text, as: UTF8.self))
        case UInt8(ascii: "s"):
            guard let index = text.withUnsafeBufferPointer({ Self.integer($0, count: $0.count) }), index < strings.count else {
                throw problem("cell \(cell) refers to shared string \(String(decoding: text, as: UTF8.self)), which the workbook does not have")
            }
            return .text(strings[index])
        case UInt8(ascii: "i"):  // inlineStr
            return .text(String(decoding: text, as: UTF8.self))
        case UInt8(ascii: "b"):
            return .bool(text == [UInt8(ascii: "1")] || text == Array("true".utf8))
        case UInt8(ascii: "e"):
            throw problem("cell \(cell) holds the spreadsheet error \(String(decoding: text, as: UTF8.self))")
        case UInt8(ascii: "d"):
            let iso = String(decoding: text, as: UTF8.self)
            if let day = CalendarDate.parse(iso) { return .date(day) }
            return .text(iso)
        default:
            if text.isEmpty { return .null }
            let parsed = text.withUnsafeBufferPointer { parseNumber($0, 0, $0.count, trim: true) }
            guard case .number(let number) = parsed else {
                throw problem("cell \(cell) holds `\(String(decoding: text.prefix(40), as: UTF8.self))`, which is not a number")
            }
            if style < dateStyles.count, dateStyles[style] { return try date(number, cell: cell) }
            return .number(number)
        }
    }

    /// A date cell's serial number: days since 1899-12-30 (Excel's 1900 system, whose
    /// serials below 61 count the 29 February 1900 that never was) or since 1904-01-01.
    func date(_ serial: Double, cell: String) throws(DataReadError) -> Value {
        let whole = serial.rounded(.down)
        var days = date1904 ? whole - 24107 : whole - 25569
        if !date1904 {
            guard whole >= 1 else { throw problem("cell \(cell) holds the date serial \(NumberFormat.shortest(serial)), before 1900-01-01") }
            if whole == 60 { throw problem("cell \(cell) holds 1900-02-29, a day that never was (Excel's 1900 leap-year error)") }
            if whole < 60 { days += 1 }
        }
        guard days >= Double(CalendarDate.minDay), days <= Double(CalendarDate.maxDay) else {
            throw problem("cell \(cell) holds a date outside the years 1 to 9999")
        }
        let day = Int32(days)
        let seconds = ((serial - whole) * 86_400).rounded()
        if seconds == 0 || seconds >= 86_400 { return .date(seconds >= 86_400 ? day + 1 : day) }
        let s = Int(seconds)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return .text(CalendarDate.text(day) + "T" + two(s / 3600) + ":" + two(s / 60 % 60) + ":" + two(s % 60))
    }

    // MARK: rows and the header

    mutating func place(_ value: Value, row: Int, column: Int) throws(DataReadError) {
        if case .null = value { return }
        if headerRow == nil {
            if let range, row != range.firstRow {
                throw rangeProblem("the range \(range.text) starts at row \(range.firstRow), which is empty; its header would be row \(row)")
            }
            headerRow = row
        }
        if row == headerRow {
            let name: String
            switch value {
            case .null: return
            case .text(let text): name = text
            case .number(let number): name = NumberFormat.shortest(number)
            case .bool(let flag): name = flag ? "true" : "false"
            case .date(let day): name = CalendarDate.text(day)
            }
            header.append((column, name))
            return
        }
        guard column >= firstColumn, column <= lastColumn else {
            let cell = XLSXTable.cellName(column: column, row: row)
            throw problem("cell \(cell) lies outside the header's columns \(XLSXTable.columnName(firstColumn))–\(XLSXTable.columnName(lastColumn)); "
                + "give the table's block with `range:`")
        }
        if rowInTable != row {
            do {
                try builder.addRow()
            } catch {
                throw .tooLarge(error.bytes)
            }
            rowInTable = row
        }
        let index = column - firstColumn
        switch value {
        case .null: break
        case .number(let number): builder.setNumber(number, column: index)
        case .text(let text): builder.setText(text, column: index)
        case .bool(let flag): builder.setBool(flag, column: index)
        case .date(let day): builder.setDate(day, column: index)
        }
    }

    /// After the header row: its cells become the columns.
    mutating func endRow(_ row: Int) throws(DataReadError) {
        guard let headerRow, row == headerRow, builder.columnCount == 0 else { return }
        if range == nil {
            firstColumn = header.first?.column ?? 1
            lastColumn = header.last?.column ?? 0
        }
        var names: [Int: String] = [:]
        for (column, name) in header { names[column] = name }
        var seen: [String: Int] = [:]
        for column in firstColumn...max(firstColumn, lastColumn) where column <= lastColumn {
            guard let name = names[column], !name.isEmpty else {
                throw rangeProblem("the header cell \(XLSXTable.cellName(column: column, row: row)) is empty; every column needs a name"
                    + (range == nil ? " (or give the table's block with `range:`)" : " (or narrow the range)"))
            }
            if let other = seen[name] {
                throw problem("the header cells \(XLSXTable.cellName(column: other, row: row)) and \(XLSXTable.cellName(column: column, row: row)) both name a column `\(name)`")
            }
            seen[name] = column
            builder.addColumn(name)
        }
    }

    mutating func finish() throws(DataReadError) -> Table {
        guard headerRow != nil else {
            if let range {
                let used = lastRowSeen == 0 ? "has no cells" : "has cells in A1:\(XLSXTable.cellName(column: lastColumnSeen, row: lastRowSeen))"
                throw rangeProblem("the range \(range.text) holds no cells; the sheet \(used)")
            }
            throw problem("the sheet has no cells")
        }
        return builder.finish()
    }

    func problem(_ message: String) -> DataReadError {
        .inSheet(sheetName, message)
    }

    /// A problem with the `range:`.
    func rangeProblem(_ message: String) -> DataReadError {
        .inSheet(sheetName, message, at: range == nil ? .file : .range)
    }

    // MARK: numbers in attributes

    static func integer(_ text: UnsafePointer<UInt8>) -> Int? {
        integer(UnsafeBufferPointer(start: text, count: strlen(text)), count: strlen(text))
    }

    static func integer(_ text: UnsafeBufferPointer<UInt8>, count: Int) -> Int? {
        guard count > 0, count < 10 else { return nil }
        var n = 0
        for byte in text {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            n = n * 10 + Int(digit)
        }
        return n
    }

    /// The column of a reference like `AB12` (1-based).
    static func column(of reference: UnsafePointer<UInt8>) -> Int? {
        var column = 0, i = 0
        while true {
            let letter = reference[i] | 0x20
            guard letter >= UInt8(ascii: "a"), letter <= UInt8(ascii: "z"), i < 3 else { break }
            column = column * 26 + Int(letter - UInt8(ascii: "a")) + 1
            i += 1
        }
        return column > 0 ? column : nil
    }
}
