import CZlib

/// Builds .xlsx files for tests: a ZIP archive (stored or deflated members) holding the
/// parts of a workbook, with hooks to damage it (a lying size, a truncation).
struct WorkbookFixture {
    var members: [(name: String, bytes: [UInt8])] = []
    var deflate = true
    /// Overrides the uncompressed size the central directory records for a member.
    var recordedSize: [String: Int] = [:]

    /// A workbook with one sheet per (name, sheet XML `<sheetData>` content).
    init(sheets: [(String, String)], sharedStrings: [String] = [], styles: String? = nil, date1904: Bool = false) {
        var workbook = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        if date1904 { workbook += #"<workbookPr date1904="1"/>"# }
        workbook += "<sheets>"
        var rels = #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for (i, (name, _)) in sheets.enumerated() {
            workbook += #"<sheet name="\#(name)" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"#
            rels += #"<Relationship Id="rId\#(i + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(i + 1).xml"/>"#
        }
        workbook += "</sheets></workbook>"
        rels += "</Relationships>"
        add("[Content_Types].xml", #"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)
        add("xl/workbook.xml", workbook)
        add("xl/_rels/workbook.xml.rels", rels)
        for (i, (_, data)) in sheets.enumerated() {
            add("xl/worksheets/sheet\(i + 1).xml", Self.sheet(data))
        }
        if !sharedStrings.isEmpty {
            add("xl/sharedStrings.xml", #"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
                + sharedStrings.map { "<si>\($0)</si>" }.joined() + "</sst>")
        }
        if let styles { add("xl/styles.xml", styles) }
    }

    static func sheet(_ data: String) -> String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
            + data + "</sheetData></worksheet>"
    }

    /// Styles whose cell style 1 shows dates (built-in format 14) and 2 a custom date
    /// format, 3 a time of day, 0 general.
    static let dateStyles = #"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/><numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>"#

    mutating func add(_ name: String, _ text: String) {
        add(name, Array(text.utf8))
    }

    mutating func add(_ name: String, _ bytes: [UInt8]) {
        members.removeAll { $0.name == name }
        members.append((name, bytes))
    }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for (name, data) in members {
            let crc = UInt32(crc32(0, data, UInt32(data.count)))
            let packed = deflate ? Self.rawDeflate(data) : data
            let size = recordedSize[name] ?? data.count
            let offset = out.count
            let nameBytes = Array(name.utf8)
            func header(central: Bool) -> [UInt8] {
                var h: [UInt8] = central ? le32(0x0201_4B50) + le16(20) : le32(0x0403_4B50)
                h += le16(20) + le16(0) + le16(deflate ? 8 : 0) + le16(0) + le16(0)
                h += le32(crc) + le32(UInt32(packed.count)) + le32(UInt32(size)) + le16(UInt16(nameBytes.count)) + le16(0)
                if central { h += le16(0) + le16(0) + le16(0) + le32(0) + le32(UInt32(offset)) }
                return h + nameBytes
            }
            out += header(central: false) + packed
            directory += header(central: true)
        }
        let start = out.count
        out += directory
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(members.count)) + le16(UInt16(members.count))
        out += le32(UInt32(directory.count)) + le32(UInt32(start)) + le16(0)
        return out
    }

    static func rawDeflate(_ data: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        deflateInit2_(&stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        defer { deflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(data.count))) + 64)
        var input = data
        let written = input.withUnsafeMutableBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                _ = CZlib.deflate(&stream, Z_FINISH)
                return target.count - Int(stream.avail_out)
            }
        }
        return Array(out[0..<written])
    }
}

private func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
private func le32(_ v: UInt32) -> [UInt8] { le16(UInt16(v & 0xFFFF)) + le16(UInt16(v >> 16)) }
