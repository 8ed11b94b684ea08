internal import CLibXML2

/// libxml2's streaming reader (`xmlTextReader`) over one member of a ZIP archive: one
/// node at a time, never a tree of the document. A document type declaration (DTD) is
/// refused as soon as it is met, and the parser is never asked to substitute entities
/// (no `XML_PARSE_NOENT`), load a DTD or touch the network (`XML_PARSE_NONET`): entity
/// expansion and external entities are not possible.
final class XMLStream {
    enum NodeType: Int32 {
        case element = 1, text = 3, cdata = 4, documentType = 10, whitespace = 14, endElement = 15
        case other = 0
    }

    private let reader: xmlTextReaderPtr
    private let source: ZipMemberStream
    private let name: String
    /// libxml2's first error message, if any.
    private var parseError: String?

    init(member: ZipMemberStream, name: String) throws(DataReadError) {
        source = member
        self.name = name
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_COMPACT.rawValue)
        // libxml2 reports some errors (I/O, encodings) through its thread's structured
        // handler, else on stderr: only `folio` prints, so they are dropped here (the
        // reader's own handler below keeps the parse errors' messages).
        // (`xmlGetLastError` still has the message.)
        xmlSetStructuredErrorFunc(nil) { _, _ in }
        xmlResetLastError()
        let context = Unmanaged.passUnretained(member).toOpaque()
        guard let reader = xmlReaderForIO({ context, buffer, length in
            guard let context, let buffer, length > 0 else { return -1 }
            let stream = Unmanaged<ZipMemberStream>.fromOpaque(context).takeUnretainedValue()
            let bytes = UnsafeMutableRawPointer(buffer).assumingMemoryBound(to: UInt8.self)
            guard let n = stream.read(into: UnsafeMutableBufferPointer(start: bytes, count: Int(length))) else { return -1 }
            return Int32(n)
        }, nil, context, nil, nil, options) else {
            throw .outOfMemoryReadingXML(name)
        }
        self.reader = reader
        xmlTextReaderSetErrorHandler(reader, { arg, message, _, _ in
            guard let arg, let message else { return }
            let stream = Unmanaged<XMLStream>.fromOpaque(arg).takeUnretainedValue()
            if stream.parseError == nil {
                stream.parseError = (String(validatingCString: message) ?? "malformed XML").trimmingTrailingNewlines()
            }
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        xmlFreeTextReader(reader)
    }

    /// Moves to the next node; false at the end of the document.
    func next() throws(DataReadError) -> Bool {
        let status = xmlTextReaderRead(reader)
        if status == 1 {
            if xmlTextReaderNodeType(reader) == NodeType.documentType.rawValue {
                throw .documentTypeDeclaration(name)
            }
            return true
        }
        if status == 0 { return false }
        if let failure = source.failure { throw failure }
        let line = xmlTextReaderGetParserLineNumber(reader)
        let last = xmlGetLastError()?.pointee.message.flatMap { String(validatingCString: $0) }?.trimmingTrailingNewlines()
        throw .malformedXML(name, line: Int(line), parseError ?? last ?? "malformed XML")
    }

    var nodeType: NodeType { NodeType(rawValue: xmlTextReaderNodeType(reader)) ?? .other }

    /// The node's local name, interned: compare with `interned(_:)`'s pointer.
    var localName: UnsafePointer<UInt8>? { xmlTextReaderConstLocalName(reader) }

    /// The reader's own copy of `name`, for pointer comparison with `localName`.
    func interned(_ name: String) -> UnsafePointer<UInt8>? {
        xmlTextReaderConstString(reader, name)
    }

    var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }

    var depth: Int32 { xmlTextReaderDepth(reader) }

    /// A text node's text (valid until the next move).
    var value: UnsafePointer<UInt8>? { xmlTextReaderConstValue(reader) }

    /// libxml2 hands out UTF-8 it has checked (invalid input is a parse error).
    var text: String {
        guard let value else { return "" }
        return String(cString: value)
    }

    /// Calls `body` with each attribute's interned local name and its value, then goes
    /// back to the element.
    func attributes(_ body: (UnsafePointer<UInt8>?, UnsafePointer<UInt8>) -> Void) {
        guard xmlTextReaderMoveToFirstAttribute(reader) == 1 else { return }
        repeat {
            if let value = xmlTextReaderConstValue(reader) { body(xmlTextReaderConstLocalName(reader), value) }
        } while xmlTextReaderMoveToNextAttribute(reader) == 1
        xmlTextReaderMoveToElement(reader)
    }

    /// The attribute's value as text (libxml2 hands out UTF-8 it has checked).
    func attribute(_ name: String) -> String? {
        let wanted = interned(name)
        var found: String?
        attributes { attributeName, value in
            if attributeName == wanted { found = String(cString: value) }
        }
        return found
    }
}

private extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }
}
