import NotebookFormat
import Testing
@testable import Language

/// Small programs with the value they must produce (written as language source).
let valueCases: [(String, String)] = [
    // Literals and arithmetic
    ("1 + 2 * 3", "7"),
    ("(1 + 2) * 3", "9"),
    ("2 ^ 3 ^ 2", "512"),
    ("-2 ^ 2", "-4"),
    ("2 ^ -1", "0.5"),
    ("10 / 4", "2.5"),
    ("2%", "0.02"),
    ("1_000_000", "1000000"),
    ("1e6", "1000000"),
    ("5.4", "5.4"),
    ("\"a\\\"b\\\\c\\n\\t\\u{41}\"", "\"a\\\"b\\\\c\\n\\tA\""),
    ("\"x\" + \"y\"", "\"xy\""),
    ("1 < 2", "true"),
    ("not 1 < 2", "false"),
    ("true and false or true", "true"),
    ("1 == 1 and 2 != 3", "true"),
    ("\"a\" < \"b\"", "true"),
    // Newline rules
    ("x = 1 +\n  2\nx", "3"),
    ("x = [1,\n 2,\n 3]\nlen(x)", "3"),
    ("[1, 2, 3]\n  |> sum", "6"),
    ("[1, 2, 3] |> map(x => x * 2) |> sum", "12"),
    ("r = {a: 1,\n b: 2}\nr.b", "2"),
    ("x = 1; y = 2; x + y", "3"),
    ("x = if true {\n  1\n}\nelse {\n  2\n}\nx", "1"),
    ("[1, 2]\n|> sum", "3"),
    ("# comment\nx = 2 # trailing\nx", "2"),
    ("f = (a, b) =>\n  a + b\nf(1, 2)", "3"),
    ("{\"key with space\": 1}[\"key with space\"]", "1"),
    ("1 +\n\n  2", "3"),
    ("fn f(a, b) = a + b\nf(\n  1,\n  2\n)", "3"),
    ("false and 1 / 0 > 1", "false"),
    ("true or 1 / 0 > 1", "true"),
    ("xs = [5, 6]\nxs[0] + xs[-1]", "11"),
    // Statements, functions, scope
    ("fn add(a, b = 10) = a + b\nadd(1)", "11"),
    ("fn add(a, b = 10) = a + b\nadd(1, b: 2)", "3"),
    ("fn add(a, b = 10) = a + b\nadd(b: 1, a: 5)", "6"),
    ("fn f(n) {\n  t = n * 2\n  t + 1\n}\nf(3)", "7"),
    ("fn fib(n) = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }\nfib(15)", "610"),
    ("k = 5\nfn f(x) = x + k\nf(1)", "6"),
    ("k = 5\nfn f() { k = 1; k }\nf() + k", "6"),
    ("fn outer(a) {\n fn inner(b) = a + b\n inner(10)\n}\nouter(1)", "11"),
    ("fn make(n) = x => x + n\nadd3 = make(3)\nadd3(4)", "7"),
    ("sq = x => x * x\nsq(5)", "25"),
    ("((a, b) => a * b)(3, 4)", "12"),
    ("x = if 1 > 2 { \"a\" } else if 2 > 1 { \"b\" } else { \"c\" }\nx", "\"b\""),
    ("if false { 1 }", "null"),
    ("if true { y = 4 }\ny", "4"),
    ("s = 0\nfor i in 1..4 { s = s + i }\ns", "10"),
    ("s = 0\nfor v in [1, 2, 3] { s = s + v }\ns", "6"),
    ("for i in 1..3 { last_i = i }\nlast_i", "3"),
    ("s = 0\nfor i in 3..1 { s = s + 1 }\ns", "0"),
    // Specialized paths fall back to the general rules
    ("fn g(n) = n\nfn h(x) = g(x - 1)\nh([5, 6])", "[4, 5]"),
    ("fn p(xs) = if len(xs) < 5 { xs } else { 0 }\np([1])", "[1]"),
    // Lists, indexing, records
    ("[10, 20, 30][1]", "20"),
    ("[10, 20, 30][-1]", "30"),
    ("1..5", "[1, 2, 3, 4, 5]"),
    ("5..1", "[]"),
    ("{a: 1, b: \"x\"}[\"b\"]", "\"x\""),
    ("r = {name: \"NATO\", n: 32}\nr.n", "32"),
    ("\"héllo\"[1]", "\"é\""),
    // Vectorization
    ("[1, 2, 3] * 2 + 1", "[3, 5, 7]"),
    ("2 * [1, 2, 3]", "[2, 4, 6]"),
    ("[1, 2] + [10, 20]", "[11, 22]"),
    ("[1, 2, 3] > 1", "[false, true, true]"),
    ("[1, 2, 3] == [1, 5, 3]", "[true, false, true]"),
    ("not [true, false]", "[false, true]"),
    ("[true, false] and [true, true]", "[true, false]"),
    ("-[1, 2]", "[-1, -2]"),
    ("[1, null, 3] + 1", "[2, null, 4]"),
    ("[\"a\", \"b\"] + \"!\"", "[\"a!\", \"b!\"]"),
    // Null
    ("null + 1", "null"),
    ("null < 1", "null"),
    ("equal(null, null)", "true"),
    ("equal([1, 2], [1, 2])", "true"),
    ("equal({a: 1}, {a: 2})", "false"),
]

@Test(arguments: valueCases)
func programValue(_ code: String, _ expected: String) {
    let (same, detail) = sameValue(code, expected)
    #expect(same, "\(code) → \(detail)")
}

/// Programs that must fail at run time: the message fragment and the 1-based column on
/// the cell's first line (the cell starts at line 2, column 5 of nb.yaml).
let runtimeErrorCases: [(code: String, message: String, line: Int, column: Int)] = [
    ("1 / 0", "division by zero", 2, 7),
    ("x = 0\n5 / x", "division by zero", 3, 7),
    ("[1, 2] / [1, 0]", "division by zero", 2, 12),
    ("10 ^ 400", "too large", 2, 8),
    ("(-8) ^ 0.5", "not a real number", 2, 10),
    ("[1, 2] + [1, 2, 3]", "different lengths", 2, 12),
    ("[1, 2, 3][3]", "is out of range for a list of 3", 2, 15),
    ("[1, 2, 3][-4]", "is out of range for a list of 3", 2, 15),
    ("{a: 1}.b", "no key `b`", 2, 12),
    ("{a: 1}[\"b\"]", "no key `b`", 2, 12),
    ("\"a\" + 1", "`str(...)`", 2, 9),
    ("if null { 1 }", "null", 2, 8),
    ("if 1 { 1 }", "must be true or false", 2, 8),
    ("seq(1, 1e9)", "100,000,000", 2, 5),
    ("1..2e8", "limit", 2, 6),
    ("fn f(n) = f(n + 1)\nf(0)", "deeper than 1000", 2, 15),
    ("sqrt(-1)", "negative", 2, 10),
    ("log(0)", "positive", 2, 9),
    ("sum([\"a\"])", "list of numbers", 2, 9),
    ("sqrt(\"x\")", "must be a number", 2, 10),
    ("mean([])", "no numbers", 2, 5),
    ("quantile([1, 2], 1.5)", "`q` must be between 0 and 1, not 1.5", 2, 22),
    ("quantile([], 0.5)", "no numbers", 2, 5),
    ("check(1 > 2, \"order is wrong\")", "check failed: order is wrong", 2, 5),
    ("x = 3\nx(1)", "not a function", 3, 5),
    ("fn f(a) = a\nf(1, 2)", "takes 1 argument", 3, 5),
    ("fn f(a) = a\nf(b: 2)", "no parameter named `b`", 3, 5),
    ("f = x => x\nmap([1], f)\nmap([1], (a, b) => a)", "needs the argument `b`", 4, 5),
    ("first([])", "empty", 2, 11),
    ("pct_change([0, 1])", "division by zero", 2, 16),
    ("mod(1, 0)", "division by zero", 2, 5),
    ("interp(5, [1, 2], [1, 2])", "outside", 2, 12),
    ("if false { z = 1 }\nz", "no value", 3, 5),
    ("get({a: 1}, \"b\")", "no key `b`", 2, 17),
    ("[1, 2] < \"a\"", "cannot compare", 2, 12),
    ("fn q(n) = if n < 2 { n } else { 0 }\nq([1, 2])", "but it is a list", 2, 18),
]

@Test(arguments: runtimeErrorCases)
func runtimeError(_ code: String, _ message: String, _ line: Int, _ column: Int) {
    let result = run([code])
    guard case .runtimeError(let diagnostic) = result else {
        Issue.record("expected a runtime error for \(code), got \(describe(result))")
        return
    }
    #expect(diagnostic.message.contains(message), "\(code): \(diagnostic.message)")
    #expect(diagnostic.location == SourceLocation(file: "nb.yaml", line: line, column: column), "\(code): \(diagnostic)")
}
