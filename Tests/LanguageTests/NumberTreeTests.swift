import NotebookFormat
import Testing
@testable import Language

// Number trees (Sites.swift, CodeGenerator.numberOperand): arithmetic over names and
// number literals runs on Swift doubles and falls back to the general code whenever that
// would not give a finite number. These tests pin that the two paths never disagree.

/// Operand values that leave the number path: null, text, lists, dates, zero divisors,
/// overflow, and plain numbers.
private let operands = ["2", "-3.5", "0", "null", "\"a\"", "[1, 2]", "date(2024, 1, 31)", "1e308", "-0"]

/// `a OP1 b OP2 c` as a number tree against the same arithmetic through a function call
/// (`id(a)`), which no tree covers: the same value, or an error with the same message.
@Test(arguments: ["+", "-", "*", "/"], ["+", "*", "/"])
func numberTreesAgreeWithTheGeneralCode(_ first: String, _ second: String) {
    for a in operands {
        for b in operands {
            for c in ["2", "0", "null", "1e308"] {
                let setup = "fn id(v) = v\na = \(a)\nb = \(b)\nc = \(c)\n"
                let tree = run([setup + "a \(first) b \(second) c"])
                let general = run([setup + "id(a) \(first) id(b) \(second) id(c)"])
                switch (tree, general) {
                case (.value(let x), .value(let y)):
                    #expect(ValueText.of(x) == ValueText.of(y), "\(a) \(first) \(b) \(second) \(c)")
                case (.runtimeError(let x), .runtimeError(let y)):
                    #expect(x.message == y.message, "\(a) \(first) \(b) \(second) \(c)")
                default:
                    Issue.record("\(a) \(first) \(b) \(second) \(c): \(describe(tree)) vs \(describe(general))")
                }
            }
        }
    }
}

@Test(arguments: [
    // Top level (globals) and inside a function (locals), the loop counter included.
    ("acc = 0\nfor i in 1..1000 { acc = acc + i * 2 }\nacc", "1001000"),
    ("fn run() {\n  acc = 0\n  for i in 1..1000 { acc = acc + i * 2 }\n  acc\n}\nrun()", "1001000"),
    ("x = 10\ny = -x / 4 - (x - 1) * 0.5\ny", "-7"),
    // A slot that held text, a list, or nothing gets a number; text stays text.
    ("x = \"a\"\nx = 1 + 2\nx", "3"),
    ("x = [1, 2]\nx = x * 2\nx = 1 + 1\nx", "2"),
    ("acc = \"\"\nfor i in 1..3 { acc = acc + \"y\" }\nacc", "\"yyy\""),
    ("acc = 0\nfor i in 1..3 { acc = acc + null }\nacc", "null"),
    ("fn f() {\n  for i in 1..3 { i = \"t\" }\n  i\n}\nf()", "\"t\""),
    ("s = 0\nfor i in 1..4 { s = s + i / 2 }\ns", "5"),
])
func numberAssignmentsAndLoops(_ code: String, _ expected: String) {
    let (same, detail) = sameValue(code, expected)
    #expect(same, "\(detail)")
}

/// Errors from a tree's fallback are the general code's, at the operator.
@Test(arguments: [
    ("a = 1e308\nb = a * 10 + 1", "too large to represent", 3, 11),
    ("a = 1\nb = 0\nc = a / b", "division by zero", 4, 11),
    ("a = 1\nc = a + \"x\"", "cannot", 3, 11),
    ("fn f(n) {\n  if n > 5 { q = 1 }\n  q * 2 + n\n}\nf(1)", "no value", 4, 7),
    ("acc = 1e308\nfor i in 1..3 { acc = acc + acc * i }", "too large to represent", 3, 31),
    // An infinity under a division: `1 / inf` would be finite, so `/` checks its operands.
    ("a = 1e308\nb = 1 / (a * 10)", "too large to represent", 3, 16),
])
func numberTreeErrorsAreTheGeneralOnes(_ code: String, _ message: String, _ line: Int, _ column: Int) {
    let result = run([code])
    guard case .runtimeError(let diagnostic) = result else {
        Issue.record("expected a runtime error for \(code), got \(describe(result))")
        return
    }
    #expect(diagnostic.message.contains(message), "\(code): \(diagnostic.message)")
    #expect(diagnostic.location == SourceLocation(file: "nb.yaml", line: line, column: column), "\(code): \(diagnostic)")
}
