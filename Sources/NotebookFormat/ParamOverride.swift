extension ParamValue {
    /// Reads the value of a `-p name=value` option with the rules of defaults in the
    /// notebook (YAML 1.2 core schema, see `ResolvedScalar`):
    /// - `[...]` is a YAML flow list of numbers, strings and bools;
    /// - text in `"..."` or `'...'` is a YAML quoted string (escapes apply);
    /// - anything else is one plain value taken whole, so `-p title=Costs: 2027` is the
    ///   string `Costs: 2027` and `-p tag=#1` the string `#1` (YAML would read a mapping
    ///   or a comment); surrounding spaces are dropped.
    /// The Runner checks the result against the default's type.
    package static func parseOverride(_ text: String) throws(Diagnostic) -> ParamValue {
        let trimmed = text.trimmingBlanks
        guard let first = trimmed.first else {
            throw Diagnostic.error("the value after `=` is missing", at: nil)
        }
        if first == "[" || first == "\"" || first == "'" {
            return try parseYAML(trimmed)
        }
        return try value(ResolvedScalar.resolvePercent(trimmed) ?? ResolvedScalar.resolvePlain(trimmed), text: trimmed)
    }

    private static func value(_ resolved: ResolvedScalar, text: String) throws(Diagnostic) -> ParamValue {
        switch resolved {
        case .null: throw Diagnostic.error("`\(text)` is null; a parameter needs a number, string, bool or list", at: nil)
        case .bool(let flag): return .bool(flag)
        case .number(let number, _): return .number(number)
        case .string(let string): return .string(string)
        case .invalid(let why): throw Diagnostic.error(why, at: nil)
        case .unsupportedTag(let tag): throw Diagnostic.error(.unsupportedTag(tag), at: nil)
        }
    }

    private static func parseYAML(_ text: String) throws(Diagnostic) -> ParamValue {
        let source = SourceFile(path: "-p", text: text)
        let root: YAMLNode
        do {
            root = try YAMLParser().parse(source).root
        } catch {
            throw Diagnostic.error("cannot read `\(text)`: \(error.message) (at column \(error.location?.column ?? 1))", at: nil)
        }
        switch root.content {
        case .scalar(let scalar):
            guard scalar.style == .singleQuoted || scalar.style == .doubleQuoted, scalar.end.byteOffset == source.bytes.count else {
                throw Diagnostic.error("cannot read `\(text)`: text follows the closing quote", at: nil)
            }
            return try value(ResolvedScalar.resolve(scalar, tag: root.tag), text: text)
        case .sequence(let items):
            var values: [ParamValue] = []
            for item in items {
                guard let scalar = item.scalar else {
                    throw Diagnostic.error("a list value holds numbers, strings or bools, not \(item.kindName)", at: nil)
                }
                let percent = scalar.style == .plain && item.tag == nil ? ResolvedScalar.resolvePercent(scalar.value) : nil
                values.append(try value(percent ?? ResolvedScalar.resolve(scalar, tag: item.tag), text: scalar.value))
            }
            return .list(values)
        case .mapping:
            throw Diagnostic.error("cannot read `\(text)` as a value: it is a mapping", at: nil)
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
