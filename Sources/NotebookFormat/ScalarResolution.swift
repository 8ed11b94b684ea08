/// What a YAML scalar means under the YAML 1.2 core schema, as folio reads it.
///
/// Only plain (unquoted) scalars are resolved; quoted and block scalars are always
/// strings. Decisions beyond the core schema (docs/notebook-format.md):
/// - `_` between digits is allowed in numbers (`1_000_000`), as in the folio language;
/// - integers beyond 2^53 that a double cannot hold exactly are errors, not rounded;
/// - `.inf`, `.nan` and numbers that overflow a double are errors;
/// - YAML 1.1 words (`yes`, `no`, `on`, `off`) are strings, as in YAML 1.2.
package enum ResolvedScalar: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double, isInteger: Bool)
    case string(String)
    /// A number folio refuses; the text says why.
    case invalid(String)
    /// A tag folio does not know.
    case unsupportedTag(String)

    package static let tagPrefix = "tag:yaml.org,2002:"

    package static func resolve(_ scalar: YAMLScalar, tag: String?) -> ResolvedScalar {
        guard let tag else {
            return scalar.style == .plain ? resolvePlain(scalar.value) : .string(scalar.value)
        }
        switch tag {
        case "!", tagPrefix + "str":
            return .string(scalar.value)
        case tagPrefix + "null":
            return resolvePlain(scalar.value) == .null ? .null : .invalid("`\(scalar.value)` is not null")
        case tagPrefix + "bool":
            if case .bool(let value) = resolvePlain(scalar.value) { return .bool(value) }
            return .invalid("`\(scalar.value)` is not `true` or `false`")
        case tagPrefix + "int":
            let resolved = resolvePlain(scalar.value)
            if case .number(_, isInteger: true) = resolved { return resolved }
            if case .invalid = resolved { return resolved }
            return .invalid("`\(scalar.value)` is not an integer")
        case tagPrefix + "float":
            let resolved = resolvePlain(scalar.value)
            if case .number(let value, _) = resolved { return .number(value, isInteger: false) }
            if case .invalid = resolved { return resolved }
            return .invalid("`\(scalar.value)` is not a number")
        default:
            let shown = tag.hasPrefix(tagPrefix) ? "!!" + tag.dropFirst(tagPrefix.count) : tag
            return .unsupportedTag(shown)
        }
    }

    /// A parameter value written as a percent (`2.5%`, as the language's percent
    /// literals are): the number divided by 100. Folio's own extension, for parameter
    /// values only (defaults and `-p`); elsewhere `2.5%` stays a string.
    package static func resolvePercent(_ text: String) -> ResolvedScalar? {
        guard text.hasSuffix("%"), text.count > 1,
              case .number(let value, _) = resolvePlain(String(text.dropLast())) else { return nil }
        return .number(value / 100, isInteger: false)
    }

    /// The bool YAML 1.1 would read from a plain scalar that YAML 1.2 (and folio) reads
    /// as a string: `yes`/`on` → true, `no`/`off` → false, in any case. Nil otherwise.
    /// (`y` and `n` are left out: few YAML 1.1 readers treat them as bools, and `axis: y`
    /// is a plausible string.) Parameter values warn about these.
    package static func yaml11Bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "on": true
        case "no", "off": false
        default: nil
        }
    }

    /// Core-schema resolution of a plain scalar's text.
    package static func resolvePlain(_ text: String) -> ResolvedScalar {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
            return .invalid("`\(text)` is infinite; folio numbers must be finite")
        case ".nan", ".NaN", ".NAN":
            return .invalid("`\(text)` is not a number (NaN); folio numbers must be finite")
        default:
            break
        }
        let bytes = Array(text.utf8)
        guard let first = bytes.first,
              first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".") || isDigit(first)
        else { return .string(text) }
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0"), bytes[1] == UInt8(ascii: "o") || bytes[1] == UInt8(ascii: "x") {
            let radix = bytes[1] == UInt8(ascii: "o") ? 8 : 16
            guard let value = UInt64(String(decoding: bytes[2...], as: UTF8.self), radix: radix) else {
                return looksNumeric(bytes) ? .invalid("`\(text)` is too large") : .string(text)
            }
            return exactInteger(Double(value), text: text, exact: value <= UInt64(1) << 53 || UInt64(exactly: Double(value)) == value)
        }
        guard let digits = numberWithoutUnderscores(bytes) else { return .string(text) }
        let body = digits.first == UInt8(ascii: "-") || digits.first == UInt8(ascii: "+") ? digits.dropFirst() : digits[...]
        let isInteger = !body.isEmpty && body.allSatisfy(isDigit)
        let cleaned = String(decoding: digits, as: UTF8.self)
        if isInteger {
            if let value = Int64(cleaned) {
                let double = Double(value)
                return exactInteger(double, text: text, exact: Int64(exactly: double) == value)
            }
            return .invalid("`\(text)` is too large to be an exact number (beyond 2^53)")
        }
        guard isFloatSyntax(body), let value = Double(cleaned) else { return .string(text) }
        guard value.isFinite else { return .invalid("`\(text)` is too large for a number") }
        return .number(value, isInteger: false)
    }

    private static func exactInteger(_ value: Double, text: String, exact: Bool) -> ResolvedScalar {
        exact ? .number(value, isInteger: true) : .invalid("`\(text)` is too large to be an exact number (beyond 2^53)")
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func looksNumeric(_ bytes: [UInt8]) -> Bool {
        bytes.dropFirst(2).allSatisfy { isDigit($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0 | 0x20) }
    }

    /// The text without `_` when every `_` stands between two digits; `nil` otherwise.
    private static func numberWithoutUnderscores(_ bytes: [UInt8]) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "_") {
                guard index > 0, index + 1 < bytes.count, isDigit(bytes[index - 1]), isDigit(bytes[index + 1]) else {
                    return nil
                }
                continue
            }
            result.append(byte)
        }
        return result
    }

    /// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` (the sign is already removed).
    private static func isFloatSyntax(_ body: ArraySlice<UInt8>) -> Bool {
        var index = body.startIndex
        var mantissaDigits = 0
        while index < body.endIndex, isDigit(body[index]) { index += 1; mantissaDigits += 1 }
        if index < body.endIndex, body[index] == UInt8(ascii: ".") {
            index += 1
            while index < body.endIndex, isDigit(body[index]) { index += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return false }
        if index < body.endIndex, body[index] == UInt8(ascii: "e") || body[index] == UInt8(ascii: "E") {
            index += 1
            if index < body.endIndex, body[index] == UInt8(ascii: "-") || body[index] == UInt8(ascii: "+") { index += 1 }
            var exponentDigits = 0
            while index < body.endIndex, isDigit(body[index]) { index += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return false }
        }
        return index == body.endIndex
    }
}
