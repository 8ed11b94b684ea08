import Foundation
import NotebookFormat
import Tabular
import Testing
@testable import Language

/// Every example in the registry (and so in docs/language.md) evaluates to its stated
/// result: the value's text as written. A chart has no literal, so a chart example's
/// result is another call, and the two charts' texts (every field) must agree.
@Test(arguments: Builtins.all.flatMap { b in b.examples.map { (b.name, $0.code, $0.result) } })
func registryExample(_ name: String, _ code: String, _ result: String) {
    let isChart = Builtins.all.first { $0.name == name }?.group == .charts
    let (same, detail) = isChart ? sameResult(code, result) : sameValue(code, result)
    #expect(same, "\(name): \(code) → \(detail)")
}

@Test func everyBuiltinHasAnExampleAndDoc() {
    for b in Builtins.all {
        #expect(!b.examples.isEmpty, "\(b.name) has no example")
        #expect(!b.doc.isEmpty, "\(b.name) has no doc")
    }
    #expect(Set(Builtins.all.map(\.name)).count == Builtins.all.count)
}

@Test func generatedReferenceMatchesDocsFile() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let file = root.appendingPathComponent("docs/language.md")
    let generated = LanguageReference.markdown()
    if ProcessInfo.processInfo.environment["FOLIO_RECORD"] != nil {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try generated.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("docs/language.md rewritten; run again without FOLIO_RECORD")
        return
    }
    let current = try String(contentsOf: file, encoding: .utf8)
    #expect(current == generated, "docs/language.md is stale: run FOLIO_RECORD=1 swift test --filter LanguageTests")
}

@Test func referenceConstructExamplesRun() {
    for c in LanguageReference.constructs where c.title != "Inline expressions" {
        let result = run([c.example])
        if case .value = result { continue }
        Issue.record("\(c.title): \(describe(result))")
    }
}

// MARK: Random (reference values computed with an independent Python implementation)

@Test func randomUniformMatchesReference() {
    let (same, detail) = sameValue("random_uniform(3, seed: 42)", "[0.08386297105988216, 0.3789802506626686, 0.6800434110281394]")
    #expect(same, "\(detail)")
    let (scaled, detail2) = sameValue("random_uniform(2, 5, 10, seed: 0)", "[8.006314997089525, 8.738870462736198]")
    #expect(scaled, "\(detail2)")
    var generator = Xoshiro256StarStar(seed: 42)
    #expect(generator.next() == 0x1578_0b2e_0c2e_c716)
}

@Test func randomNormalMatchesReference() {
    let (same, detail) = sameValue("random_normal(3, 1, 2, seed: 7)", "[0.4419520179496038, 4.799537157377913, 5.272612029464402]")
    #expect(same, "\(detail)")
}

@Test func randomSeedMustBeAWholeNumberInRange() {
    for code in ["random_uniform(2, seed: -1)", "random_uniform(2, seed: 1.5)", "random_uniform(2, seed: 1e19)"] {
        guard case .runtimeError(let e) = run([code]) else {
            Issue.record("\(code) should fail")
            continue
        }
        #expect(e.message.contains("seed"))
    }
}

// MARK: Numbers

@Test(arguments: [
    (1.005, 2, 1.01), (2.5, 0, 3), (-2.5, 0, -3), (0.125, 2, 0.13), (1234.5678, -2, 1200),
    (9.995, 2, 10), (1e-7, 2, 0), (123456789.125, 2, 123456789.13), (0.285, 2, 0.29), (-0.5, 0, -1),
    (-0.001, 2, 0), (-1e-9, 0, 0), (1.5e300, -299, 1.5e300), (2.675, 2, 2.68),
] as [(Double, Int, Double)])
func roundHalfAwayFromZeroOnDecimalText(_ x: Double, _ digits: Int, _ expected: Double) {
    let r = roundDecimal(x, digits: digits)
    #expect(r == expected)
    #expect(r != 0 || r.sign == .plus, "never -0")
}

@Test func sequencesIncludeTheirEnd() {
    #expect(sameValue("len(seq(0, 1, 0.1))", "11").0)
    #expect(sameValue("seq(1, 2, 0.5)", "[1, 1.5, 2]").0)
    #expect(sameValue("seq(5, 1)", "[]").0)
    #expect(sameValue("linspace(0, 10, 3)", "[0, 5, 10]").0)
    #expect(sameValue("grow(100, 0, 2)", "[100, 100, 100]").0)
    #expect(sameValue("lag([\"a\", \"b\"], 1)", "[null, \"a\"]").0)
    #expect(sameValue("lag([1, 2], -1)", "[2, null]").0)
    #expect(sameValue("cumsum([1, null, 2])", "[1, null, 3]").0)
    #expect(sameValue("interp([1, 3], [1, 2, 3], [0, 10, 40])", "[0, 40]").0)
}

@Test func aggregatesSkipNulls() {
    #expect(sameValue("mean([2, null, 4])", "3").0)
    #expect(sameValue("median([5, null, 1, 3])", "3").0)
    #expect(sameValue("min([null, 3, 2])", "2").0)
    #expect(sameValue("max([1, 5], 3, null)", "5").0)
    #expect(sameValue("count([null, null])", "0").0)
    #expect(sameValue("sum([])", "0").0)
}

@Test func listAndStringBuiltins() {
    #expect(sameValue("sort([3, null, 1], desc: true)", "[3, 1, null]").0)
    #expect(sameValue("unique([\"b\", \"a\", \"b\"])", "[\"b\", \"a\"]").0)
    #expect(sameValue("slice(\"budget\", 0, 3)", "\"bud\"").0)
    #expect(sameValue("split(\"a b\", \" \") |> join(\"+\")", "\"a+b\"").0)
    #expect(sameValue("trim(\"\\t x y \\n\")", "\"x y\"").0)
    #expect(sameValue("reverse(\"abc\")", "\"cba\"").0)
    #expect(sameValue("str([1, \"a\", null])", "\"[1, \\\"a\\\", null]\"").0)
    #expect(sameValue("keys({b: 1, a: 2})", "[\"b\", \"a\"]").0)
    #expect(sameValue("filter(1..10, x => mod(x, 3) == 0)", "[3, 6, 9]").0)
    #expect(sameValue("map([1, 4], sqrt)", "[1, 2]").0)
    #expect(sameValue("reduce([\"a\", \"b\"], \"\", (s, x) => s + x)", "\"ab\"").0)
}

// MARK: Vector operations agree with scalar loops (property tests)

@Test(arguments: [BinaryOperator.add, .subtract, .multiply, .divide, .power])
func vectorArithmeticMatchesScalarLoop(_ op: BinaryOperator) throws {
    var generator = Xoshiro256StarStar(seed: UInt64(op.rawValue.unicodeScalars.first?.value ?? 1))
    for trial in 0..<50 {
        let n = Int(generator.next() % 40)
        let a = (0..<n).map { _ in (generator.uniform() * 20 - (op == .power ? 0 : 10)).rounded() / 4 + 0.5 }
        let b = (0..<n).map { _ in generator.uniform() * 3 + 0.25 }
        let nulls = (0..<n).map { _ in generator.uniform() < 0.2 }
        let left = Value.list(.numbers(a, nulls: normalized(nulls)))
        let right = Value.list(.numbers(b, nulls: nil))
        let location = NotebookFormat.SourceLocation(file: "t", line: 1, column: 1)
        let vector = try Operators.arithmetic(op, left, right, at: location)
        let scalar = Value.list(List(try (0..<n).map { i throws(Diagnostic) -> Value in
            nulls[i] ? .null : .number(try Operators.scalar(op, a[i], b[i], at: location))
        }))
        #expect(ValueText.of(vector) == ValueText.of(scalar), "trial \(trial)")
        // Broadcast on either side.
        let broadcastRight = try Operators.arithmetic(op, left, .number(1.5), at: location)
        let expected = Value.list(List(try (0..<n).map { i throws(Diagnostic) -> Value in
            nulls[i] ? .null : .number(try Operators.scalar(op, a[i], 1.5, at: location))
        }))
        #expect(ValueText.of(broadcastRight) == ValueText.of(expected), "trial \(trial)")
        let compared = try Operators.compare(.less, left, right, at: location)
        let expectedCompare = Value.list(List((0..<n).map { i -> Value in nulls[i] ? .null : .bool(a[i] < b[i]) }))
        #expect(ValueText.of(compared) == ValueText.of(expectedCompare), "trial \(trial)")
    }
}

@Test func vectorErrorsNameTheElement() {
    guard case .runtimeError(let e) = run(["[1, 2, 3] / [1, 1, 0]"]) else {
        Issue.record("expected an error")
        return
    }
    #expect(e.message.contains("division by zero"))
    #expect(e.message.contains("element 2"))
}

@Test func nullElementsDoNotTriggerErrors() {
    #expect(sameValue("[1, null] / [1, 0]", "[1, null]").0) // null / 0 is null, not an error
    #expect(sameValue("[1, 2] / [1, null]", "[1, null]").0)
}

/// Every `fmt(…)` → `…` example of the "Number patterns" section of docs/language.md
/// gives what the section says.
@Test func numberPatternsSectionExamplesHold() throws {
    let example = /`(fmt\(.*?\))` → `(.*?)`/
    let matches = LanguageReference.numberPatterns.matches(of: example)
    #expect(matches.count >= 15)
    for match in matches {
        let (same, detail) = sameValue(String(match.output.1), quoted(String(match.output.2)))
        #expect(same, "\(match.output.1) → \(detail)")
    }
}
