import Suggestions

/// Checks a YAML tree against SPEC §1 and builds the `Notebook`, collecting every
/// problem with the position of the offending key or value.
struct NotebookValidator {
    static let topLevelKeys = ["folio", "title", "subtitle", "author", "date", "description", "params", "data", "cells"]
    static let cellKeys = ["markdown", "code", "id", "caption", "label", "echo", "export", "expect"]
    /// The folio language's keywords (SPEC §2); they cannot name parameters or data.
    static let keywords: Set<String> = ["fn", "if", "else", "for", "in", "and", "or", "not", "true", "false", "null"]

    let source: SourceFile
    var diagnostics: [Diagnostic] = []
    /// For `folio check`: build the notebook as far as it can be read despite errors
    /// (cells with a readable text kept whatever else is wrong with them, parameters and
    /// data tables kept by name), so that the language checks still run on it.
    var partial = false
    /// In `partial` mode: how many cells were left out (no readable `markdown:`/`code:`).
    var cellsLeftOut = 0

    init(source: SourceFile) {
        self.source = source
    }


    func location(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(file: source.path, line: node.start.line, column: node.start.column)
    }

    mutating func error(_ message: Diagnostic.Message, at node: YAMLNode, notes: [Diagnostic] = []) {
        diagnostics.append(.error(message, at: location(node), notes: notes))
    }

    func note(_ message: Diagnostic.Message, at node: YAMLNode) -> Diagnostic {
        Diagnostic(.note, message, at: location(node))
    }

    /// How a value is named in messages: its text for a scalar, its kind otherwise.
    static func describe(_ node: YAMLNode) -> String {
        guard let scalar = node.scalar else { return node.kindName }
        if scalar.style == .plain, scalar.isPlainNull { return scalar.value.isEmpty ? "nothing" : "`\(scalar.value)` (null)" }
        var text = scalar.value
        if text.unicodeScalars.count > 40 { text = String(text.unicodeScalars.prefix(40)) + "…" }
        if let newline = text.firstIndex(where: \.isNewline) { text = String(text[..<newline]) + "…" }
        return scalar.style == .plain ? "`\(text)`" : "the string \"\(text)\""
    }

    // MARK: keys

    /// The key's text, or `nil` (reported) when the key is not a scalar.
    mutating func keyName(_ key: YAMLNode) -> String? {
        guard let scalar = key.scalar else {
            error(.keyNotPlainName(found: key.kindName), at: key)
            return nil
        }
        return scalar.value
    }

    mutating func unknownKey(_ name: String, at key: YAMLNode, in context: String, known: [String]) {
        error(.unknownKey(name, in: context, known: known), at: key)
    }

    // MARK: values

    /// A string field. Any scalar is read as its text (`date: 2026-11-25` and
    /// `title: 2027` are strings); a plain null is `nil`, reported when `required`.
    mutating func string(_ node: YAMLNode, field: String, required: Bool) -> String? {
        guard let scalar = node.scalar else {
            error(.notAString(field, found: node.kindName), at: node)
            return nil
        }
        if case .unsupportedTag(let tag) = ResolvedScalar.resolve(scalar, tag: node.tag) {
            error(.unsupportedTag(tag, on: field), at: node)
            return nil
        }
        if node.tag == nil, scalar.isPlainNull {
            if required { error(.stringFieldWithoutValue(field), at: node) }
            return nil
        }
        return scalar.value
    }

    /// A scalar resolved as the core schema says, or `nil` (reported).
    mutating func resolved(_ node: YAMLNode, field: String) -> ResolvedScalar? {
        guard let scalar = node.scalar else {
            error(.notASingleValue(field, found: node.kindName), at: node)
            return nil
        }
        let value = ResolvedScalar.resolve(scalar, tag: node.tag)
        switch value {
        case .unsupportedTag(let tag):
            error(.unsupportedTag(tag, on: field), at: node)
            return nil
        case .invalid(let why):
            error(.invalidScalar(field, why), at: node)
            return nil
        default:
            return value
        }
    }

    // MARK: notebook

    mutating func notebook(_ root: YAMLNode) -> Notebook? {
        guard case .mapping(let pairs) = root.content else {
            error(.notebookNotMapping(found: root.kindName), at: root)
            return nil
        }
        var version: Double?
        var sawVersion = false
        var title: String?
        var header: [String: String] = [:]
        var templates: [TextTemplate] = []
        var params: [Parameter] = []
        var data: [DataSource] = []
        var cells: [Cell]?
        var sawCells = false
        for pair in pairs {
            guard let name = keyName(pair.key) else { continue }
            switch name {
            case "folio":
                sawVersion = true
                version = formatVersion(pair.value)
            case "title":
                let text = string(pair.value, field: "`title`", required: true)
                if let text, text.allSatisfy(\.isWhitespace) { error(.emptyTitle, at: pair.value) }
                title = text ?? ""
                if let template = template(pair.value, title ?? "") { templates.append(TextTemplate(field: .title, text: template)) }
            case "subtitle", "author", "date", "description":
                if let text = string(pair.value, field: "`\(name)`", required: false) {
                    header[name] = text
                    let field: TextTemplate.Field? = name == "subtitle" ? .subtitle : name == "description" ? .description : nil
                    if let field, let template = template(pair.value, text) { templates.append(TextTemplate(field: field, text: template)) }
                }
            case "params":
                params = parameters(pair.value)
            case "data":
                data = dataSources(pair.value)
            case "cells":
                sawCells = true
                cells = self.cells(pair.value)
            default:
                unknownKey(name, at: pair.key, in: "at the top level of the notebook", known: Self.topLevelKeys)
            }
        }
        if !sawVersion { error(.missingFormatVersion, at: root) }
        if title == nil { error(.missingKey("title"), at: root) }
        if !sawCells {
            error(.missingKey("cells", "the list of markdown and code cells"), at: root)
        }
        checkNameClashes(params: params, data: data)
        if let cells { checkReferences(cells) }
        if partial {
            return partialNotebook(root, title: title, header: header, params: params, data: data, cells: cells ?? [], templates: templates)
        }
        guard version == 1, let title, let cells else { return nil }
        return Notebook(file: source.path, title: title, subtitle: header["subtitle"], author: header["author"],
                        date: header["date"], description: header["description"], params: params, data: data,
                        cells: cells, sourceFile: source, headerTemplates: templates,
                        warnings: diagnostics.sortedByLocation().filter { $0.severity == .warning })
    }

    mutating func formatVersion(_ node: YAMLNode) -> Double? {
        if let scalar = node.scalar, node.tag == nil, scalar.style == .plain,
           case .number(let value, isInteger: true) = ResolvedScalar.resolvePlain(scalar.value) {
            if value == 1 { return value }
            error(.unsupportedFormatVersion(Self.describe(node)), at: node)
            return nil
        }
        error(.formatVersionNotInteger(found: Self.describe(node)), at: node)
        return nil
    }

    // MARK: params and data

    /// Checks a `params`/`data` name; returns it when usable.
    mutating func bindingName(_ key: YAMLNode, kind: String) -> String? {
        guard let name = keyName(key) else { return nil }
        if !Self.isIdentifier(name) {
            error(.nameNotIdentifier(name, kind: kind), at: key)
            return nil
        }
        if Self.keywords.contains(name) {
            error(.keywordAsName(name, kind: kind), at: key)
            return nil
        }
        return name
    }

    static func isIdentifier(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first else { return false }
        func isLetter(_ b: UInt8) -> Bool {
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || b == UInt8(ascii: "_")
        }
        return isLetter(first) && bytes.allSatisfy { isLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
    }

    mutating func parameters(_ node: YAMLNode) -> [Parameter] {
        if node.isPlainNullScalar { return [] }
        guard case .mapping(let pairs) = node.content else {
            error(.paramsNotMapping(found: Self.describe(node)), at: node)
            return []
        }
        var result: [Parameter] = []
        for pair in pairs {
            guard let name = bindingName(pair.key, kind: "parameter") else { continue }
            guard let (value, notation) = parameterValue(pair.value, name: name) else { continue }
            result.append(Parameter(name: name, value: value, notation: notation, location: location(pair.key),
                                    valueLocation: location(pair.value)))
        }
        return result
    }

    mutating func parameterValue(_ node: YAMLNode, name: String) -> (ParamValue, ParamNotation)? {
        let field = "parameter `\(name)`"
        switch node.content {
        case .mapping:
            error(.parameterIsMapping(field), at: node)
            return nil
        case .sequence(let items):
            var values: [ParamValue] = []
            var notations: [ParamNotation] = []
            var ok = true
            for item in items {
                if case .scalar = item.content {
                    if let (value, notation) = scalarParameter(item, field: "an element of \(field)") {
                        values.append(value)
                        notations.append(notation)
                    } else {
                        ok = false
                    }
                } else {
                    error(.parameterListElementNotScalar(field, found: item.kindName), at: item)
                    ok = false
                }
            }
            return ok ? (.list(values), .of(list: notations)) : nil
        case .scalar:
            return scalarParameter(node, field: field)
        }
    }

    mutating func scalarParameter(_ node: YAMLNode, field: String) -> (ParamValue, ParamNotation)? {
        guard let value = resolved(node, field: field) else { return nil }
        switch value {
        case .null:
            error(.parameterWithoutDefault(field), at: node)
            return nil
        case .bool(let flag): return (.bool(flag), .general)
        case .number(let number, _): return (.number(number), .general)
        case .string(let text):
            let plain = node.tag == nil && node.scalar?.style == .plain
            if plain, case .number(let value, _)? = ResolvedScalar.resolvePercent(text) {
                return (.number(value), .percent(text))
            }
            if plain, let yaml11 = ResolvedScalar.yaml11Bool(text) {
                diagnostics.append(Diagnostic(.warning, .boolLookingString(field, text, yaml11: yaml11), at: location(node)))
            }
            return (.string(text), .general)
        case .invalid, .unsupportedTag: return nil
        }
    }

    static let dataKeys = ["path", "sheet", "range", "query"]

    mutating func dataSources(_ node: YAMLNode) -> [DataSource] {
        if node.isPlainNullScalar { return [] }
        guard case .mapping(let pairs) = node.content else {
            error(.dataNotMapping(found: Self.describe(node)), at: node)
            return []
        }
        var result: [DataSource] = []
        for pair in pairs {
            guard let name = bindingName(pair.key, kind: "data table") else { continue }
            if let source = dataSource(name: name, key: pair.key, value: pair.value) { result.append(source) }
        }
        return result
    }

    /// One `data:` entry: `name: path` or `name: {path: …, sheet: …, range: …, query: …}`.
    mutating func dataSource(name: String, key: YAMLNode, value: YAMLNode) -> DataSource? {
        guard case .mapping(let pairs) = value.content else {
            guard let path = dataPath(value, name: name) else { return nil }
            var source = DataSource(name: name, path: path, location: location(key), pathLocation: location(value))
            return checkDataOptions(&source, entry: value) ? source : nil
        }
        var fields: [String: YAMLNode] = [:]
        var ok = true
        for pair in pairs {
            guard let field = keyName(pair.key) else { ok = false; continue }
            guard Self.dataKeys.contains(field) else {
                unknownKey(field, at: pair.key, in: "in data table `\(name)`", known: Self.dataKeys)
                ok = false
                continue
            }
            fields[field] = pair.value
        }
        guard let pathNode = fields["path"] else {
            error(.dataEntryWithoutPath(name), at: value)
            return nil
        }
        guard let path = dataPath(pathNode, name: name) else { return nil }
        var source = DataSource(name: name, path: path, location: location(key), pathLocation: location(pathNode))
        if let node = fields["sheet"] {
            if let sheet = string(node, field: "the `sheet` of data table `\(name)`", required: true) {
                if sheet.isEmpty { error(.emptySheetName(table: name), at: node); ok = false }
                source.sheet = sheet
                source.sheetLocation = location(node)
            } else {
                ok = false
            }
        }
        if let node = fields["range"] {
            if let text = string(node, field: "the `range` of data table `\(name)`", required: true) {
                if let range = DataSource.CellRange(text) {
                    source.range = range
                    source.rangeLocation = location(node)
                } else {
                    error(.badCellRange(text, table: name), at: node)
                    ok = false
                }
            } else {
                ok = false
            }
        }
        if let node = fields["query"] {
            if let query = string(node, field: "the `query` of data table `\(name)`", required: true) {
                source.query = query
                source.queryLocation = location(node)
                if !Self.isSelect(query) {
                    error(.queryNotSelect(table: name), at: node)
                    ok = false
                }
            } else {
                ok = false
            }
        }
        return checkDataOptions(&source, entry: value, fields: fields) && ok ? source : nil
    }

    /// The path of a data entry, or nil (reported).
    mutating func dataPath(_ node: YAMLNode, name: String) -> String? {
        guard let path = string(node, field: "the path of data table `\(name)`", required: true) else { return nil }
        if path.isEmpty {
            error(.emptyDataPath(table: name), at: node)
            return nil
        }
        if path.utf8.contains(0) {
            error(.nulInDataPath(table: name), at: node)
            return nil
        }
        return path
    }

    /// The options that the file's kind takes: `sheet`/`range` a workbook's, `query` a
    /// database's (which needs one).
    mutating func checkDataOptions(_ source: inout DataSource, entry: YAMLNode, fields: [String: YAMLNode] = [:]) -> Bool {
        let kind = source.kind
        var ok = true
        for field in ["sheet", "range"] where kind != .xlsx {
            if let node = fields[field] {
                error(.dataOptionForKind(field, table: source.name, kind: kind.rawValue, takes: "an .xlsx workbook"), at: node)
                ok = false
            }
        }
        if kind != .sqlite, let node = fields["query"] {
            error(.dataOptionForKind("query", table: source.name, kind: kind.rawValue, takes: "a SQLite database (.sqlite, .db)"), at: node)
            ok = false
        }
        if kind == .sqlite, fields["query"] == nil {
            error(.databaseWithoutQuery(table: source.name, path: source.path), at: entry)
            ok = false
        }
        if source.path.lowercased().hasSuffix(".xls") {
            error(.oldExcelFormat(source.path), at: fields["path"] ?? entry)
            ok = false
        }
        return ok
    }

    /// The query's first word (after spaces and SQL comments) is `SELECT` or `WITH`.
    static func isSelect(_ query: String) -> Bool {
        let bytes = Array(query.utf8)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                i += 1
            } else if byte == UInt8(ascii: "-"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "-") {
                while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
            } else if byte == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < bytes.count, !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i += 2
            } else {
                break
            }
        }
        var word: [UInt8] = []
        while i < bytes.count, case let lower = bytes[i] | 0x20, lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "z") {
            word.append(lower)
            i += 1
        }
        return word == Array("select".utf8) || word == Array("with".utf8)
    }

    mutating func checkNameClashes(params: [Parameter], data: [DataSource]) {
        var parameterAt: [String: SourceLocation] = [:]
        for parameter in params { parameterAt[parameter.name] = parameter.location }
        for source in data {
            if let first = parameterAt[source.name] {
                diagnostics.append(.error(.dataTableNamedLikeParameter(source.name), at: source.location,
                                          notes: [Diagnostic(.note, .parameterDefinedHere(source.name), at: first)]))
            }
        }
    }

    // MARK: cells

    mutating func cells(_ node: YAMLNode) -> [Cell]? {
        guard case .sequence(let items) = node.content else {
            error(.cellsNotList(found: Self.describe(node)), at: node)
            return nil
        }
        guard !items.isEmpty else {
            error(.noCells, at: node)
            return nil
        }
        var result: [Cell] = []
        var ids: [CellID] = []
        var ok = true
        for (index, item) in items.enumerated() {
            if let (cell, id) = cell(item, number: index + 1) {
                result.append(cell)
                ids.append(id)
            } else {
                ok = false
            }
        }
        checkIDs(ids)
        checkExports(ids)
        return ok || partial ? result : nil
    }

    /// What the id and export checks need to know of a cell (positions only, so that a
    /// notebook of 100,000 cells does not keep a second copy of its tree).
    struct CellID {
        var number: Int
        var id: String
        var idLocation: SourceLocation?
        var cellLocation: SourceLocation
        var export: String?
        var exportLocation: SourceLocation?
    }

    mutating func cell(_ node: YAMLNode, number: Int) -> (Cell, CellID)? {
        let name = "cell \(number)"
        guard case .mapping(let pairs) = node.content else {
            error(.cellNotMapping(name, found: Self.describe(node)), at: node)
            cellsLeftOut += 1
            return nil
        }
        var kind: CellKind?
        var kindKey: YAMLNode?
        var text: SourceText?
        var id: String?
        var idNode: YAMLNode?
        var caption: String?
        var captionSource: SourceText?
        var label: CellLabel?
        var echo = true
        var export: String?
        var exportNode: YAMLNode?
        var expectNode: YAMLNode?
        var ok = true
        for pair in pairs {
            guard let key = keyName(pair.key) else { ok = false; continue }
            switch key {
            case "markdown", "code":
                if let kindKey, let other = kindKey.scalar?.value {
                    error(.cellHasBothKinds(name, other, key), at: pair.key,
                          notes: [note(.otherKindIsHere(other), at: kindKey)])
                    ok = false
                    continue
                }
                kind = key == "code" ? .code : .markdown
                kindKey = pair.key
                text = cellText(pair.value, field: "`\(key):` of \(name)")
                if text == nil { ok = false }
            case "id":
                guard let value = string(pair.value, field: "`id` of \(name)", required: true) else { ok = false; continue }
                if Self.isCellID(value) {
                    id = value
                    idNode = pair.value
                } else {
                    error(.badCellID(value), at: pair.value)
                    ok = false
                }
            case "caption":
                caption = string(pair.value, field: "`caption` of \(name)", required: false)
                captionSource = caption.flatMap { template(pair.value, $0) }
            case "label":
                guard let value = string(pair.value, field: "`label` of \(name)", required: true) else { ok = false; continue }
                if let kind = CellLabel.kind(of: value) {
                    label = CellLabel(kind: kind, name: value, location: location(pair.value))
                } else {
                    // Reported; the cell stays, so that references to it are still checked.
                    error(.badCellLabel(value), at: pair.value)
                }
            case "echo":
                guard let value = resolved(pair.value, field: "`echo` of \(name)") else { ok = false; continue }
                if case .bool(let flag) = value {
                    echo = flag
                } else {
                    error(.echoNotBool(name, found: Self.describe(pair.value)), at: pair.value)
                    ok = false
                }
            case "export":
                guard let value = string(pair.value, field: "`export` of \(name)", required: true) else { ok = false; continue }
                if let problem = Self.exportProblem(value) {
                    error(.badExportName(value, problem), at: pair.value)
                    ok = false
                } else {
                    export = value
                    exportNode = pair.value
                }
            case "expect":
                guard let value = string(pair.value, field: "`expect` of \(name)", required: true) else { ok = false; continue }
                if value == "error" {
                    expectNode = pair.value
                } else {
                    error(.badExpect(value), at: pair.value)
                    ok = false
                }
            default:
                unknownKey(key, at: pair.key, in: "in \(name)", known: Self.cellKeys)
                ok = false
            }
        }
        if kind == nil {
            error(.cellWithoutKind(name), at: node)
            cellsLeftOut += 1
            return nil
        }
        if kind == .markdown, let exportNode {
            error(.exportOnMarkdown(name), at: exportNode)
            ok = false
        }
        if kind == .markdown, let expectNode {
            error(.expectOnMarkdown(name), at: expectNode)
            ok = false
        }
        guard ok || partial, let kind, let text else {
            if text == nil { cellsLeftOut += 1 }
            return nil
        }
        let cellID = id ?? "cell-\(number)"
        var cell = Cell(id: cellID, kind: kind, source: text, caption: caption, echo: echo, export: export,
                        location: location(node), exportLocation: exportNode.map(location))
        cell.captionSource = captionSource
        cell.label = label
        cell.expectError = expectNode.map(location)
        return (cell, CellID(number: number, id: cellID, idLocation: idNode.map(location), cellLocation: location(node),
                             export: export, exportLocation: exportNode.map(location)))
    }

    /// Labels are unique, and every `@fig-…`/`@tbl-…` in a Markdown cell names one
    /// (before or after it).
    mutating func checkReferences(_ cells: [Cell]) {
        var labels: [String: SourceLocation] = [:]
        for cell in cells {
            guard let label = cell.label else { continue }
            if let first = labels[label.name] {
                diagnostics.append(.error(.duplicateLabel(label.name), at: label.location,
                                          notes: [Diagnostic(.note, .firstUsedHere, at: first)]))
            } else {
                labels[label.name] = label.location
            }
        }
        // Footnotes are the report's: a definition in any cell serves every cell.
        let scans = cells.map { $0.kind == .markdown ? References.scan($0.source.text) : References.Scan() }
        let footnotes = Set(scans.flatMap(\.footnoteDefinitions).map { $0.lowercased() })
        for (cell, scan) in zip(cells, scans) where cell.kind == .markdown {
            for reference in scan.references where labels[reference.label] == nil {
                diagnostics.append(.error(.unknownReference(reference.label, known: labels.keys.sorted()),
                                          at: cell.source.location(utf8Offset: reference.offset)))
            }
            for reference in scan.footnoteReferences where !footnotes.contains(reference.label.lowercased()) {
                diagnostics.append(.error(.undefinedFootnote(reference.label), at: cell.source.location(utf8Offset: reference.offset)))
            }
        }
    }

    /// A text field's map back to the file when its text holds a `{{` (inline values),
    /// else `nil`: only such fields are re-scanned.
    func template(_ node: YAMLNode, _ text: String) -> SourceText? {
        guard text.contains("{{"), let scalar = node.scalar else { return nil }
        return ScalarScanner.sourceText(for: scalar, in: source)
    }

    /// A `code:` or `markdown:` value with its map back to the file.
    mutating func cellText(_ node: YAMLNode, field: String) -> SourceText? {
        guard let scalar = node.scalar else {
            error(.cellTextNotString(field, found: node.kindName), at: node)
            return nil
        }
        if case .unsupportedTag(let tag) = ResolvedScalar.resolve(scalar, tag: node.tag) {
            error(.unsupportedTag(tag, on: field), at: node)
            return nil
        }
        // Nothing after the key is a slip; `code: |` with no lines is an empty cell on
        // purpose, and `~` or `null` are kept as the text they are.
        if node.tag == nil, scalar.style == .plain, scalar.value.isEmpty {
            error(.emptyCellText(field), at: node)
            return nil
        }
        return ScalarScanner.sourceText(for: scalar, in: source)
    }

    static func isCellID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard let first = bytes.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return false }
        return bytes.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-")
        }
    }

    /// Why `name` cannot be an export file name, or `nil` when it can: a plain file
    /// name (no folder, no `..`, not hidden, no control characters) ending `.csv`.
    static func exportProblem(_ name: String) -> String? {
        if name.contains("/") || name.contains("\\") { return "must be a plain file name without `/` or `\\`" }
        if name.contains("..") { return "must not contain `..`" }
        if name.hasPrefix(".") { return "must not start with `.`" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "must not contain control characters" }
        if !name.hasSuffix(".csv") { return "must end with `.csv`" }
        if name == ".csv" || name.trimmingSpaces.count <= 4 { return "needs a name before `.csv`" }
        if name != name.trimmingSpaces { return "must not start or end with a space" }
        return nil
    }

    /// Ids are unique; a cell without `id` has `cell-N`, which an explicit id must not
    /// take either.
    mutating func checkIDs(_ cells: [CellID]) {
        var first: [String: Int] = [:]
        for (index, cell) in cells.enumerated() {
            guard let earlierIndex = first[cell.id] else {
                first[cell.id] = index
                continue
            }
            let earlier = cells[earlierIndex]
            // Point at whichever of the two was written out.
            if let at = cell.idLocation {
                let where_ = earlier.idLocation.map { Diagnostic(.note, .cellIDIsHere(cell: earlier.number, earlier.id), at: $0) }
                    ?? Diagnostic(.note, .defaultCellIDIs(cell: earlier.number, earlier.id), at: earlier.cellLocation)
                diagnostics.append(.error(.duplicateCellID(cell.id), at: at, notes: [where_]))
            } else if let at = earlier.idLocation {
                diagnostics.append(.error(.cellIDTakesDefaultID(cell.id, of: earlier.number, defaultOf: cell.number),
                                          at: at, notes: [Diagnostic(.note, .cellStartsHere(cell.number), at: cell.cellLocation)]))
            }
        }
    }

    /// Export names are unique (ignoring case, for case-insensitive file systems) and
    /// must not take the name of another output file: `ID.csv` of a cell that does
    /// not export, or `ID-N.csv` (N ≥ 2) of any cell.
    mutating func checkExports(_ cells: [CellID]) {
        var first: [String: Int] = [:]
        var idIndex: [String: Int] = [:]
        for (index, cell) in cells.enumerated() where idIndex[cell.id.lowercased()] == nil {
            idIndex[cell.id.lowercased()] = index
        }
        for (index, cell) in cells.enumerated() {
            guard let export = cell.export, let at = cell.exportLocation else { continue }
            let key = export.lowercased()
            if let earlierIndex = first[key], let earlierAt = cells[earlierIndex].exportLocation {
                let earlier = cells[earlierIndex]
                diagnostics.append(.error(.duplicateExport(export, cell: cell.number, earlier: earlier.number), at: at,
                                          notes: [Diagnostic(.note, .exportIsHere(earlier.export ?? "", cell: earlier.number), at: earlierAt)]))
                continue
            }
            first[key] = index
            let stem = String(key.dropLast(4))
            // `ID.csv` of another cell without an export.
            if let other = idIndex[stem].map({ cells[$0] }), other.number != cell.number, other.export == nil {
                diagnostics.append(.error(.exportOverwritesTableFile(export, cell: other.id), at: at))
                continue
            }
            // `ID-N.csv`, N >= 2, of any cell: split at each `-` followed by digits only.
            var dash = stem.lastIndex(of: "-")
            while let position = dash {
                let prefix = String(stem[..<position])
                let suffix = stem[stem.index(after: position)...]
                if let n = Int(suffix), n >= 2, String(n) == suffix, let other = idIndex[prefix].map({ cells[$0] }) {
                    diagnostics.append(.error(.exportOverwritesNumberedTableFile(export, number: n, cell: other.id), at: at))
                    break
                }
                dash = stem[..<position].lastIndex(of: "-")
            }
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars = scalars.dropFirst() }
        while scalars.last == " " { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
