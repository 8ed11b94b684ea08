internal import CYAML

/// Builds a `YAMLNode` tree from libyaml's event parser.
///
/// The event API keeps positions that libyaml's document API drops, and lets us bound
/// what a hostile file can cost: nesting deeper than `maxDepth` and alias expansion
/// beyond `maxAliasExpansion` nodes are errors, not a stack overflow or a memory bomb.
/// The tree is built with an explicit stack, never by recursion.
package struct YAMLParser {
    package var maxDepth = 500
    package var maxAliasExpansion = 1_000_000

    package init() {}

    /// The root node and the non-fatal problems found while building it (duplicate
    /// keys: the first occurrence is kept). A syntax error, an empty file or a second
    /// document throws.
    package func parse(_ source: SourceFile) throws(Diagnostic) -> (root: YAMLNode, problems: [Diagnostic]) {
        let bytes = source.bytes
        if let bad = SourceFile.firstInvalidUTF8(bytes) {
            throw Self.invalidUTF8(source, at: bad)
        }
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
            throw Diagnostic.error(.noNotebookContent(source.path, "is empty"),
                                   at: SourceLocation(file: source.path, line: 1, column: 1))
        }
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<(YAMLNode, [Diagnostic]), Diagnostic> in
            var builder = TreeBuilder(source: source, maxDepth: maxDepth, maxAliasExpansion: maxAliasExpansion)
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                return .failure(Diagnostic.error(.outOfMemoryReading(source.path), at: nil))
            }
            defer { yaml_parser_delete(&parser) }
            // No explicit encoding: libyaml's detection skips a UTF-8 byte order mark (the
            // bytes are known to be UTF-8 by now).
            // safe: the buffer is non-empty (checked above), so it has a base address.
            guard let base = buffer.baseAddress else { return .failure(Diagnostic.error(.emptyInput, at: nil)) }
            yaml_parser_set_input_string(&parser, base, buffer.count)
            do throws(Diagnostic) {
                while true {
                    var event = yaml_event_t()
                    guard yaml_parser_parse(&parser, &event) == 1 else {
                        throw builder.syntaxError(parser)
                    }
                    defer { yaml_event_delete(&event) }
                    if try builder.handle(&event) { break }
                }
                return .success(try builder.finish())
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let (root, problems)): return (root, problems)
        case .failure(let diagnostic): throw diagnostic
        }
    }

    static func invalidUTF8(_ source: SourceFile, at offset: Int) -> Diagnostic {
        let bytes = source.bytes
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return .error(.utf16File(source.path),
                          at: SourceLocation(file: source.path, line: 1, column: 1))
        }
        let hex = String(bytes[offset], radix: 16, uppercase: true)
        return .error(.invalidUTF8(source.path, byte: hex.count == 1 ? "0" + hex : hex),
                      at: source.location(ofByte: offset))
    }
}

private struct TreeBuilder {
    struct Frame {
        var isMapping: Bool
        var isBlock: Bool
        var start: YAMLMark
        var tag: String?
        var anchor: String?
        var children: [YAMLNode] = []
        var size = 1
        var height = 1
    }

    let source: SourceFile
    let maxDepth: Int
    let maxAliasExpansion: Int
    var stack: [Frame] = []
    var anchors: [String: YAMLNode] = [:]
    var openAnchors: Set<String> = []
    var expanded = 0
    var root: YAMLNode?
    var documents = 0
    var problems: [Diagnostic] = []

    init(source: SourceFile, maxDepth: Int, maxAliasExpansion: Int) {
        self.source = source
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
    }

    func mark(_ mark: yaml_mark_t) -> YAMLMark {
        let line = Int(mark.line) + 1
        let column = Int(mark.column) + 1
        let offset = source.byteOffset(line: line, column: column) ?? source.bytes.count
        return YAMLMark(line: line, column: column, byteOffset: offset)
    }

    func location(_ mark: YAMLMark) -> SourceLocation {
        SourceLocation(file: source.path, line: mark.line, column: mark.column)
    }

    /// Text of a NUL-terminated string libyaml made from the file (anchor, tag), read
    /// by explicit length.
    static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        var length = 0
        while pointer[length] != 0 { length += 1 }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    /// Returns true at the end of the stream.
    mutating func handle(_ event: inout yaml_event_t) throws(Diagnostic) -> Bool {
        switch event.type {
        case YAML_STREAM_END_EVENT:
            return true
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                throw Diagnostic.error(.secondDocument,
                                       at: location(mark(event.start_mark)))
            }
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let value: String
            if let pointer = data.value {
                value = String(decoding: UnsafeBufferPointer(start: pointer, count: Int(data.length)), as: UTF8.self)
            } else {
                value = ""
            }
            let style: YAMLScalarStyle
            switch data.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            let nodeStart = mark(event.start_mark)
            let anchor = Self.text(data.anchor)
            let tag = Self.text(data.tag)
            var scalarStart = nodeStart
            if anchor != nil || tag != nil {
                scalarStart = ScalarScanner.skipProperties(source, from: nodeStart, until: mark(event.end_mark))
            }
            let scalar = YAMLScalar(value: value, style: style, start: scalarStart, end: mark(event.end_mark),
                                    parentIndent: parentIndent)
            let node = YAMLNode(content: .scalar(scalar), start: nodeStart, tag: tag, size: 1, height: 0)
            if let anchor { anchors[anchor] = node }
            try add(node)
        case YAML_ALIAS_EVENT:
            let at = mark(event.start_mark)
            let name = Self.text(event.data.alias.anchor) ?? ""
            if openAnchors.contains(name) {
                throw Diagnostic.error(.recursiveAlias(name), at: location(at))
            }
            guard var node = anchors[name] else {
                throw Diagnostic.error(.unknownAlias(name), at: location(at))
            }
            expanded += node.size
            if expanded > maxAliasExpansion {
                throw Diagnostic.error(.aliasBomb(name, limit: maxAliasExpansion),
                                       at: location(at))
            }
            if stack.count + node.height > maxDepth {
                throw Diagnostic.error(.aliasTooDeep(name, limit: maxDepth), at: location(at))
            }
            node.start = at
            try add(node)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let start = mark(event.start_mark)
            if stack.count + 1 > maxDepth {
                throw Diagnostic.error(.nestingTooDeep(limit: maxDepth), at: location(start))
            }
            let anchor: String?
            let tag: String?
            let isBlock: Bool
            if isMapping {
                anchor = Self.text(event.data.mapping_start.anchor)
                tag = Self.text(event.data.mapping_start.tag)
                isBlock = event.data.mapping_start.style != YAML_FLOW_MAPPING_STYLE
            } else {
                anchor = Self.text(event.data.sequence_start.anchor)
                tag = Self.text(event.data.sequence_start.tag)
                isBlock = event.data.sequence_start.style != YAML_FLOW_SEQUENCE_STYLE
            }
            if let anchor { openAnchors.insert(anchor) }
            stack.append(Frame(isMapping: isMapping, isBlock: isBlock, start: start, tag: tag, anchor: anchor))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { break }
            let content: YAMLNode.Content
            if frame.isMapping {
                content = .mapping(pairs(frame.children))
            } else {
                content = .sequence(frame.children)
            }
            let node = YAMLNode(content: content, start: frame.start, tag: frame.tag, size: frame.size, height: frame.height)
            if let anchor = frame.anchor {
                openAnchors.remove(anchor)
                anchors[anchor] = node
            }
            try add(node)
        default:
            break
        }
        return false
    }

    /// libyaml's `parser->indent` for a block scalar: the column (0-based) where the
    /// innermost enclosing block collection starts, -1 when there is none.
    var parentIndent: Int {
        guard let frame = stack.last, frame.isBlock else { return -1 }
        if frame.isMapping, let firstKey = frame.children.first {
            // The first key's column is the mapping's indentation even when the
            // mapping's own mark sits on an anchor or tag written before it.
            return firstKey.start.column - 1
        }
        return frame.start.column - 1
    }

    mutating func add(_ node: YAMLNode) throws(Diagnostic) {
        guard !stack.isEmpty else {
            root = node
            return
        }
        stack[stack.count - 1].children.append(node)
        stack[stack.count - 1].size += node.size
        stack[stack.count - 1].height = max(stack[stack.count - 1].height, node.height + 1)
    }

    /// Pairs a mapping's children; a key equal to an earlier one is reported (libyaml
    /// accepts duplicates) and its pair dropped.
    mutating func pairs(_ children: [YAMLNode]) -> [YAMLPair] {
        var result: [YAMLPair] = []
        result.reserveCapacity(children.count / 2)
        var seen: [String: YAMLMark] = [:]
        var index = 0
        while index + 1 < children.count {
            let key = children[index]
            let value = children[index + 1]
            index += 2
            if let scalar = key.scalar {
                if let first = seen[scalar.value] {
                    problems.append(.error(.duplicateKey(scalar.value), at: location(key.start),
                                           notes: [Diagnostic(.note, .keyFirstDefinedHere(scalar.value), at: location(first))]))
                    continue
                }
                seen[scalar.value] = key.start
            }
            result.append(YAMLPair(key: key, value: value))
        }
        return result
    }

    func finish() throws(Diagnostic) -> (YAMLNode, [Diagnostic]) {
        guard let root, documents > 0 else {
            throw Diagnostic.error(.noNotebookContent(source.path, "has no content (only comments)"),
                                   at: SourceLocation(file: source.path, line: 1, column: 1))
        }
        if root.isPlainNullScalar {
            throw Diagnostic.error(.noNotebookContent(source.path, "has no content"),
                                   at: SourceLocation(file: source.path, line: 1, column: 1))
        }
        return (root, problems)
    }

    func syntaxError(_ parser: yaml_parser_t) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"  // libyaml's own message text
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return .error(.outOfMemoryReading(source.path), at: nil)
        case YAML_READER_ERROR:
            let offset = min(Int(parser.problem_offset), source.bytes.count)
            var what = Diagnostic.Message.yamlReaderProblem(problem)
            if parser.problem_value >= 0 {
                let hex = String(parser.problem_value, radix: 16, uppercase: true)
                what = .characterNotAllowed(String(repeating: "0", count: max(0, 4 - hex.count)) + hex, problem)
            }
            return .error(what, at: source.location(ofByte: offset))
        default:
            let at = mark(parser.problem_mark)
            let tabIndented = at.byteOffset < source.bytes.count && source.bytes[at.byteOffset] == 0x09
            var notes: [Diagnostic] = []
            var context: String?
            if let contextPointer = parser.context {
                context = String(cString: contextPointer)  // libyaml's own message text
                let contextMark = mark(parser.context_mark)
                if let context, contextMark != at {
                    notes.append(Diagnostic(.note, .syntaxContextStartsHere(context), at: location(contextMark)))
                }
            }
            return .error(.yamlSyntaxError(problem, tabIndented: tabIndented, context: context), at: location(at), notes: notes)
        }
    }
}

extension YAMLNode {
    var isPlainNullScalar: Bool {
        if case .scalar(let scalar) = content, tag == nil { return scalar.isPlainNull }
        return false
    }
}
