/// A `-p name=value` option's value as read: the value, how it was written (a percent
/// is shown as written in the report), and the words YAML 1.1 would read as bools.
package struct ParamOverride: Sendable, Equatable {
    package var value: ParamValue
    package var notation: ParamNotation
    /// Plain words read as strings that YAML 1.1 would read as bools (`yes`, `off`),
    /// with that bool: the run warns about each.
    package var boolLookingWords: [(text: String, yaml11: Bool)]

    package static func == (a: Self, b: Self) -> Bool {
        a.value == b.value && a.notation == b.notation
            && a.boolLookingWords.map(\.text) == b.boolLookingWords.map(\.text)
    }
}

extension ParamValue {
    /// `readOverride(text).value`.
    package static func parseOverride(_ text: String) throws(Diagnostic) -> ParamValue {
        try readOverride(text).value
    }

    /// Reads the value of a `-p name=value` option with the rules of defaults in the
    /// notebook (YAML 1.2 core schema, see `ResolvedScalar`):
    /// - `[...]` is a YAML flow list of numbers, strings and bools;
    /// - text in `"..."` or `'...'` is a YAML quoted string (escapes apply);
    /// - anything else is one plain value taken whole, so `-p title=Costs: 2027` is the
    ///   string `Costs: 2027` and `-p tag=#1` the string `#1` (YAML would read a mapping
    ///   or a comment); surrounding spaces are dropped.
    /// The Runner checks the result against the default's type.
    package static func readOverride(_ text: String) throws(Diagnostic) -> ParamOverride {
        let trimmed = text.trimmingBlanks
        guard let first = trimmed.first else {
            throw Diagnostic.error(.valueAfterEqualsMissing, at: nil)
        }
        if first == "[" || first == "\"" || first == "'" {
            return try parseYAML(trimmed)
        }
        return try plain(trimmed)
    }

    /// A plain (unquoted) value: a percent, or the core schema's reading.
    private static func plain(_ text: String) throws(Diagnostic) -> ParamOverride {
        if let percent = ResolvedScalar.resolvePercent(text) {
            return ParamOverride(value: try value(percent, text: text), notation: .percent(text), boolLookingWords: [])
        }
        let read = try value(ResolvedScalar.resolvePlain(text), text: text)
        let words = read == .string(text) ? ResolvedScalar.yaml11Bool(text).map { [(text, $0)] } ?? [] : []
        return ParamOverride(value: read, notation: .general, boolLookingWords: words)
    }

    private static func value(_ resolved: ResolvedScalar, text: String) throws(Diagnostic) -> ParamValue {
        switch resolved {
        case .null: throw Diagnostic.error(.nullOverride(text), at: nil)
        case .bool(let flag): return .bool(flag)
        case .number(let number, _): return .number(number)
        case .string(let string): return .string(string)
        case .invalid(let why): throw Diagnostic.error(why, at: nil)
        case .unsupportedTag(let tag): throw Diagnostic.error(.unsupportedTag(tag), at: nil)
        }
    }

    private static func parseYAML(_ text: String) throws(Diagnostic) -> ParamOverride {
        let source = SourceFile(path: "-p", text: text)
        let root: YAMLNode
        do {
            root = try YAMLParser().parse(source).root
        } catch {
            throw Diagnostic.error(.cannotRead(text, "\(error.message) (at column \(error.location?.column ?? 1))"), at: nil)
        }
        switch root.content {
        case .scalar(let scalar):
            guard scalar.style == .singleQuoted || scalar.style == .doubleQuoted, scalar.end.byteOffset == source.bytes.count else {
                throw Diagnostic.error(.cannotRead(text, "text follows the closing quote"), at: nil)
            }
            return ParamOverride(value: try value(ResolvedScalar.resolve(scalar, tag: root.tag), text: text),
                                 notation: .general, boolLookingWords: [])
        case .sequence(let items):
            var values: [ParamValue] = []
            var notations: [ParamNotation] = []
            var words: [(text: String, yaml11: Bool)] = []
            for item in items {
                guard let scalar = item.scalar else {
                    throw Diagnostic.error(.overrideListElementNotScalar(found: item.kindName), at: nil)
                }
                if scalar.style == .plain, item.tag == nil {
                    let element = try plain(scalar.value)
                    values.append(element.value)
                    notations.append(element.notation)
                    words += element.boolLookingWords
                } else {
                    values.append(try value(ResolvedScalar.resolve(scalar, tag: item.tag), text: scalar.value))
                    notations.append(.general)
                }
            }
            return ParamOverride(value: .list(values), notation: .of(list: notations), boolLookingWords: words)
        case .mapping:
            throw Diagnostic.error(.overrideIsMapping(text), at: nil)
        }
    }
}

extension String {
    var trimmingBlanks: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
