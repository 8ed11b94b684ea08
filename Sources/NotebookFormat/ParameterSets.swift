/// Parameter values read from a file: `folio run -f FILE` (one mapping) and
/// `folio run --matrix FILE` (many sets). Values are read with the rules of parameter
/// defaults in a notebook (`docs/notebook-format.md`): YAML 1.2 scalars, `2%` a percent,
/// flow or block lists of scalars. Whether a name is a parameter, and of which type, is
/// for the Runner to check against the notebooks; everything here keeps its position so
/// that it can say where.

/// One `name: value` of a parameter file or of a matrix set: a `Parameter` whose value
/// is the one to use (its `valueLocation` is the element of a matrix's list for a
/// combination).
package typealias ParameterSetting = Parameter

/// One run of a matrix: its settings in the file's key order.
package struct ParameterSet: Sendable, Equatable {
    /// 1-based position among the matrix's sets (list order, or the order of the
    /// combinations: the first key varies slowest).
    package var position: Int
    /// Where the set is written: its mapping in a list, or its first value in a mapping
    /// of lists.
    package var location: SourceLocation
    package var settings: [ParameterSetting]

    package init(position: Int, location: SourceLocation, settings: [ParameterSetting]) {
        self.position = position
        self.location = location
        self.settings = settings
    }
}

/// A `-f` file's values, or a matrix's sets, with the warnings met while reading them.
package struct ParameterFileContents<Content: Sendable>: Sendable {
    package var content: Content
    /// YAML 1.1 bool-looking words read as strings, at their positions.
    package var warnings: [Diagnostic]
}

package enum ParameterFile {
    /// `-f FILE`: a mapping of parameter name → value.
    package static func readValues(path: String, sources: inout SourceFiles) throws(DiagnosticList)
        -> ParameterFileContents<[ParameterSetting]> {
        let (root, validator) = try parse(path: path, sources: &sources)
        var reader = SetReader(validator: validator)
        guard case .mapping(let pairs) = root.content else {
            throw DiagnosticList([.error(.parameterFileNotMapping(path, found: root.kindName), at: validator.location(root))])
        }
        let settings = reader.settings(pairs, context: "in `\(path)`")
        return try reader.finish(settings)
    }

    /// `--matrix FILE`: a list of mappings (one set each), or a mapping of lists (one set
    /// per combination, the first key varying slowest; a single value counts as a list of one).
    package static func readMatrix(path: String, sources: inout SourceFiles) throws(DiagnosticList)
        -> ParameterFileContents<[ParameterSet]> {
        let (root, validator) = try parse(path: path, sources: &sources)
        var reader = SetReader(validator: validator)
        var sets: [ParameterSet] = []
        switch root.content {
        case .sequence(let items):
            for (i, item) in items.enumerated() {
                guard case .mapping(let pairs) = item.content else {
                    reader.validator.error(.matrixSetNotMapping(i + 1, found: NotebookValidator.describe(item)), at: item)
                    continue
                }
                let settings = reader.settings(pairs, context: "in set \(i + 1)")
                if pairs.isEmpty { reader.validator.error(.emptyMatrixSet(i + 1), at: item) }
                sets.append(ParameterSet(position: i + 1, location: validator.location(item), settings: settings))
            }
        case .mapping(let pairs):
            sets = reader.combinations(pairs)
        case .scalar:
            reader.validator.error(.matrixNotCollection(path, found: NotebookValidator.describe(root)), at: root)
        }
        if sets.isEmpty, !reader.validator.diagnostics.contains(where: { $0.severity == .error }) {
            reader.validator.error(.emptyMatrix(path), at: root)
        }
        return try reader.finish(sets)
    }

    private static func parse(path: String, sources: inout SourceFiles) throws(DiagnosticList) -> (YAMLNode, NotebookValidator) {
        let source: SourceFile
        do {
            source = try NotebookLoader.read(path: path)
        } catch {
            // `cannot read notebook …` would misname the file.
            throw DiagnosticList([.error(.cannotRead(path, "no such file, or not a readable regular file"),
                                         at: SourceLocation(file: path, line: 1, column: 1))])
        }
        sources.add(source)
        let root: YAMLNode
        let problems: [Diagnostic]
        do {
            (root, problems) = try YAMLParser().parse(source)
        } catch {
            // The reader speaks of notebooks when a file is empty; this one holds values.
            var error = error
            let notebookHint = Diagnostic.Message.noNotebookContent(path, "").text.dropFirst("`\(path)` ".count)
            if error.message.hasSuffix(notebookHint) {
                error.message = String(error.message.dropLast(notebookHint.count)) + ": it needs parameter values"
            }
            throw DiagnosticList([error])
        }
        // A duplicate key is one of libyaml's tree builder's problems.
        var validator = NotebookValidator(source: source)
        validator.diagnostics = problems
        return (root, validator)
    }
}

/// Reads settings with the notebook validator's rules for parameter values.
private struct SetReader {
    var validator: NotebookValidator

    mutating func settings(_ pairs: [YAMLPair], context: String) -> [ParameterSetting] {
        var result: [ParameterSetting] = []
        for pair in pairs {
            guard let name = validator.bindingName(pair.key, kind: "parameter") else { continue }
            if let earlier = result.first(where: { $0.name == name }) {
                validator.error(.duplicateSetting(name, context: context), at: pair.key,
                                notes: [Diagnostic(.note, .firstIsHere, at: earlier.location)])
                continue
            }
            guard let (value, notation) = validator.parameterValue(pair.value, name: name) else { continue }
            result.append(ParameterSetting(name: name, value: value, notation: notation, location: validator.location(pair.key),
                                           valueLocation: validator.location(pair.value)))
        }
        return result
    }

    /// Every combination of a mapping of lists, the first key varying slowest.
    mutating func combinations(_ pairs: [YAMLPair]) -> [ParameterSet] {
        var axes: [[ParameterSetting]] = []
        var names: [String: SourceLocation] = [:]
        for pair in pairs {
            guard let name = validator.bindingName(pair.key, kind: "parameter") else { continue }
            if let earlier = names[name] {
                validator.error(.duplicateSetting(name, context: "in the matrix"), at: pair.key,
                                notes: [Diagnostic(.note, .firstIsHere, at: earlier)])
                continue
            }
            names[name] = validator.location(pair.key)
            let items: [YAMLNode]
            if case .sequence(let list) = pair.value.content { items = list } else { items = [pair.value] }
            if items.isEmpty {
                validator.error(.emptyMatrixAxis(name), at: pair.value)
                continue
            }
            var axis: [ParameterSetting] = []
            for item in items {
                guard let (value, notation) = validator.parameterValue(item, name: name) else { continue }
                axis.append(ParameterSetting(name: name, value: value, notation: notation, location: validator.location(pair.key),
                                             valueLocation: validator.location(item)))
            }
            axes.append(axis)
        }
        guard !axes.isEmpty, axes.allSatisfy({ !$0.isEmpty }) else { return [] }
        var total = 1
        for axis in axes {
            let (product, overflow) = total.multipliedReportingOverflow(by: axis.count)
            total = overflow ? Int.max : product
            if total > ParameterFile.maxSets { break }
        }
        if total > ParameterFile.maxSets {
            validator.error(.tooManySets(total: total, limit: ParameterFile.maxSets), at: pairs[0].key)
            return []
        }
        var sets: [ParameterSet] = []
        sets.reserveCapacity(total)
        var counters = Array(repeating: 0, count: axes.count)
        for position in 1...total {
            let settings = axes.indices.map { axes[$0][counters[$0]] }
            sets.append(ParameterSet(position: position, location: settings[0].valueLocation, settings: settings))
            var k = axes.count - 1
            while k >= 0 {
                counters[k] += 1
                if counters[k] < axes[k].count { break }
                counters[k] = 0
                k -= 1
            }
        }
        return sets
    }

    func finish<Content>(_ content: Content) throws(DiagnosticList) -> ParameterFileContents<Content> {
        let sorted = validator.diagnostics.sortedByLocation()
        if sorted.contains(where: { $0.severity == .error }) {
            throw DiagnosticList(sorted.filter { $0.severity == .error })
        }
        return ParameterFileContents(content: content, warnings: sorted)
    }
}

extension ParameterFile {
    /// More sets than this is almost surely a mistake in a mapping of lists (and each set
    /// is a report on disk).
    package static let maxSets = 100_000
}
