import Testing
@testable import NotebookFormat

@Suite struct ScalarResolutionTests {
    @Test(arguments: [
        ("42", ResolvedScalar.number(42, isInteger: true)),
        ("-7", .number(-7, isInteger: true)),
        ("+7", .number(7, isInteger: true)),
        ("1_000_000", .number(1_000_000, isInteger: true)),
        ("0o17", .number(15, isInteger: true)),
        ("0x1F", .number(31, isInteger: true)),
        ("5.4", .number(5.4, isInteger: false)),
        ("1e6", .number(1e6, isInteger: false)),
        (".5", .number(0.5, isInteger: false)),
        ("-2.5E-3", .number(-0.0025, isInteger: false)),
        ("1_000.5", .number(1000.5, isInteger: false)),
        ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
        ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)),
        ("", .null), ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null),
        ("yes", .string("yes")), ("no", .string("no")), ("on", .string("on")),
        ("tRUE", .string("tRUE")), ("1_", .string("1_")), ("_1", .string("_1")), ("1__0", .string("1__0")),
        ("2026-11-25", .string("2026-11-25")), ("1.2.3", .string("1.2.3")), ("0x", .string("0x")),
        ("0xZZ", .string("0xZZ")), ("-", .string("-")), (".", .string(".")), ("1e", .string("1e")),
        ("9007199254740992", .number(9007199254740992, isInteger: true)),
        ("1.", .number(1, isInteger: false)), ("-.5", .number(-0.5, isInteger: false)),
        ("+1e3", .number(1000, isInteger: false)), ("007", .number(7, isInteger: true)),
        ("1e-400", .number(0, isInteger: false)), ("0.1.2", .string("0.1.2")), ("1 000", .string("1 000")),
    ])
    func plain(text: String, expected: ResolvedScalar) {
        #expect(ResolvedScalar.resolvePlain(text) == expected)
    }

    @Test(arguments: [".inf", "-.Inf", "+.INF", ".nan", ".NaN", "1e400", "-1e309", "9007199254740993", "99999999999999999999"])
    func refused(text: String) {
        guard case .invalid = ResolvedScalar.resolvePlain(text) else {
            Issue.record("\(text) resolved to \(ResolvedScalar.resolvePlain(text))")
            return
        }
    }

    @Test func quotedScalarsAreStrings() {
        let scalar = YAMLScalar(value: "42", style: .doubleQuoted, start: YAMLMark(line: 1, column: 1, byteOffset: 0),
                                end: YAMLMark(line: 1, column: 5, byteOffset: 4), parentIndent: -1)
        #expect(ResolvedScalar.resolve(scalar, tag: nil) == .string("42"))
        var plain = scalar
        plain.style = .plain
        #expect(ResolvedScalar.resolve(plain, tag: ResolvedScalar.tagPrefix + "str") == .string("42"))
        #expect(ResolvedScalar.resolve(plain, tag: ResolvedScalar.tagPrefix + "float") == .number(42, isInteger: false))
        #expect(ResolvedScalar.resolve(plain, tag: "!custom") == .unsupportedTag("!custom"))
    }
}

@Suite struct ParamOverrideTests {
    @Test(arguments: [
        ("2030", ParamValue.number(2030)),
        (" 2.5% ", .number(0.025)),
        ("'2.5%'", .string("2.5%")),
        ("[1%, 50%]", .list([.number(0.01), .number(0.5)])),
        ("5 %", .string("5 %")),
        ("0.025", .number(0.025)),
        ("1_000", .number(1000)),
        ("true", .bool(true)),
        ("False", .bool(false)),
        ("Japan", .string("Japan")),
        ("Costs: 2027", .string("Costs: 2027")),
        ("#1", .string("#1")),
        ("\"42\"", .string("42")),
        ("'it''s'", .string("it's")),
        ("\"tab\\there\"", .string("tab\there")),
        ("[2025, 2030]", .list([.number(2025), .number(2030)])),
        ("[a, \"b c\", true]", .list([.string("a"), .string("b c"), .bool(true)])),
        ("[]", .list([])),
    ])
    func parses(text: String, expected: ParamValue) throws {
        #expect(try ParamValue.parseOverride(text) == expected)
    }

    @Test(arguments: [
        ("", "missing"),
        ("  ", "missing"),
        ("null", "null"),
        ("~", "null"),
        (".inf", "infinite"),
        ("[1, [2]]", "not a list"),
        ("[1, 2", "cannot read"),
        ("[a: 1]", "not a mapping"),
        ("[1, ~]", "null"),
        ("\"open", "cannot read"),
    ])
    func refuses(text: String, fragment: String) {
        do {
            let value = try ParamValue.parseOverride(text)
            Issue.record("\(text) parsed as \(value)")
        } catch {
            #expect(error.message.contains(fragment), "\(error.message)")
            #expect(error.location == nil)
        }
    }
}
