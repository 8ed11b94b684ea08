// The .xlsx reader: the archive (ZIP, inflate), the XML (libxml2's streaming reader),
// the workbook's parts and the sheet's cells. An input starting with `PK` is a whole
// workbook file; any other input is split at its first two NUL bytes into a sheet's XML,
// the shared strings' XML and the styles' XML, stored in a well-formed archive by this
// target, so the fuzzer reaches the XML and the cells without first finding a valid ZIP.
// Invariants: never crash, leak or hang; a table read has columns of equal length and
// unique names; the memory limit given (1 MiB) bounds the table.
import CZlib
import Tabular

private func storedZip(_ members: [(String, [UInt8])]) -> [UInt8] {
    func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16((v >> 16) & 0xFFFF) }
    var out: [UInt8] = [], directory: [UInt8] = []
    for (name, data) in members {
        let crc = Int(crc32(0, data, UInt32(data.count)))
        let common = le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(crc) + le32(data.count) + le32(data.count)
            + le16(name.utf8.count) + le16(0)
        directory += le32(0x0201_4B50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(out.count) + Array(name.utf8)
        out += le32(0x0403_4B50) + common + Array(name.utf8) + data
    }
    let start = out.count
    return out + directory + le32(0x0605_4B50) + le16(0) + le16(0) + le16(members.count) + le16(members.count)
        + le32(directory.count) + le32(start) + le16(0)
}

private let workbookXML = Array(#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#.utf8)
private let relsXML = Array(#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#.utf8)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXLSX(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = bytes(data, size)
    let file: [UInt8]
    if input.starts(with: [0x50, 0x4B]) {
        file = input
    } else {
        let parts = input.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false).map(Array.init)
        var members = [("xl/workbook.xml", workbookXML), ("xl/_rels/workbook.xml.rels", relsXML), ("xl/worksheets/sheet1.xml", parts[0])]
        if parts.count > 1 { members.append(("xl/sharedStrings.xml", parts[1])) }
        if parts.count > 2 { members.append(("xl/styles.xml", parts[2])) }
        file = storedZip(members)
    }
    let range = XLSXTable.Range(firstColumn: 1, firstRow: 2, lastColumn: 3, lastRow: nil)
    for (sheet, block) in [(nil, nil), ("S", range)] as [(String?, XLSXTable.Range?)] {
        guard let table = try? XLSXTable.read(file, sheet: sheet, range: block, limit: 1 << 20) else { continue }
        for (name, column) in zip(table.names, table.columns) where column.count != table.rowCount {
            violated("column \(name) has \(column.count) values, the table \(table.rowCount) rows")
        }
        if Set(table.names).count != table.names.count { violated("duplicate column names \(table.names)") }
        if table.rowCount * table.columns.count > (1 << 20) / 9 + 1 { violated("\(table.rowCount) rows of \(table.columns.count) pass the limit") }
    }
    return 0
}
