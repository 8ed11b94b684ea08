import Testing
@testable import Language

// The parser on its own: the tree of every construct, as S-expression text written by
// `SExpr` below, and every syntax error with its UTF-8 offset and message.

/// The syntax tree as S-expression text, written by the tests (not by the code under
/// test). Statements are joined by `; `, blocks are `{…}`:
///
///     x = 1 + 2 * y         (= x (+ 1 (* 2 y)))
///     fn f(a, b = 1) = a    (fn f (a b=1) a)
///     f(1, by: "k")         (call f 1 by:"k")
///     r.k  r[0]  (a) => a   (. r k)  (index r 0)  (lambda (a) a)
///
/// With `ranges`, each node is followed by `@start-end` (UTF-8 offsets); a `fn` by its
/// range and its name's, an assignment by its name's, a named argument by its label's.
struct SExpr {
    var ranges = false

    func at(_ r: SourceRange) -> String { ranges ? "@\(r.start)-\(r.end)" : "" }

    func program(_ statements: [Stmt]) -> String {
        statements.map(statement).joined(separator: "; ")
    }

    func block(_ statements: [Stmt]) -> String { "{" + program(statements) + "}" }

    func statement(_ s: Stmt) -> String {
        switch s {
        case .assign(let name, let nameRange, let value):
            return "(= \(name)\(at(nameRange)) \(expr(value)))"
        case .function(let decl):
            let parameters = "(" + decl.parameters.map(parameter).joined(separator: " ") + ")"
            let body = decl.body.count == 1 ? program(decl.body) : block(decl.body)
            return "(fn\(at(decl.range)) \(decl.name)\(at(decl.nameRange)) \(parameters) \(body))"
        case .expression(let e):
            return expr(e)
        }
    }

    func parameter(_ p: ParameterDecl) -> String {
        p.name + at(p.range) + (p.defaultValue.map { "=" + expr($0) } ?? "")
    }

    func expr(_ e: Expr) -> String {
        let r = at(e.range)
        switch e.kind {
        case .number(let x): return ValueText.number(x) + r
        case .string(let s): return ValueText.string(s) + r
        case .bool(let b): return (b ? "true" : "false") + r
        case .null: return "null" + r
        case .name(let name): return name + r
        case .notebookName(let name): return "@" + name + r
        case .list(let items): return "(list\(r)" + items.map { " " + expr($0) }.joined() + ")"
        case .record(let fields):
            return "(record\(r)" + fields.map { " (\(ValueText.key($0.key))\(at($0.keyRange)) \(expr($0.value)))" }.joined() + ")"
        case .unary(let op, let operand):
            return "(\(op == .negate ? "-" : "not")\(r) \(expr(operand)))"
        case .binary(let op, let a, let b, let opRange):
            let name: String = switch op {
            case .add: "+"
            case .subtract: "-"
            case .multiply: "*"
            case .divide: "/"
            case .power: "^"
            case .equal: "=="
            case .notEqual: "!="
            case .less: "<"
            case .lessEqual: "<="
            case .greater: ">"
            case .greaterEqual: ">="
            case .and: "and"
            case .or: "or"
            case .range: ".."
            }
            return "(\(name)\(r)\(ranges ? "(op\(at(opRange)))" : "") \(expr(a)) \(expr(b)))"
        case .call(let callee, let arguments):
            let args = arguments.map { a in
                a.label.map { "\($0)\(a.labelRange.map(at) ?? ""):" + expr(a.value) } ?? expr(a.value)
            }
            return "(call\(r) \(expr(callee))" + args.map { " " + $0 }.joined() + ")"
        case .member(let base, let name, let nameRange):
            return "(.\(r) \(expr(base)) \(name)\(at(nameRange)))"
        case .index(let base, let i):
            return "(index\(r) \(expr(base)) \(expr(i)))"
        case .ifElse(let condition, let then, let otherwise):
            return "(if\(r) \(expr(condition)) \(block(then))" + (otherwise.map { " " + block($0) } ?? "") + ")"
        case .forLoop(let variable, let variableRange, let sequence, let body):
            return "(for\(r) \(variable)\(at(variableRange)) \(expr(sequence)) \(block(body)))"
        case .lambda(let parameters, let body):
            return "(lambda\(r) (" + parameters.map(parameter).joined(separator: " ") + ") \(expr(body)))"
        case .invalid:
            return "<invalid>" + r
        }
    }
}

/// The tree of `source`, or its errors as `offset: message`.
func parsed(_ source: String, ranges: Bool = false) -> String {
    let (statements, errors) = Parser.parse(source)
    if !errors.isEmpty { return "errors: " + errors.map { "\($0.offset): \($0.message)" }.joined(separator: " | ") }
    return SExpr(ranges: ranges).program(statements)
}

/// Every construct, and how precedence, associativity and line continuation group it.
let treeCases: [(source: String, tree: String)] = [
    // Literals and names.
    ("1", "1"),
    ("2.5e3", "2500"),
    ("25%", "0.25"),
    ("\"a\\tb\"", "\"a\\tb\""),
    ("true; false; null", "true; false; null"),
    ("total_2", "total_2"),
    // Assignments.
    ("x = 1", "(= x 1)"),
    ("x =\n  1", "(= x 1)"),
    ("x = y = 1", "errors: 6: only a name can be assigned to (write `name = value`)"),
    // Functions: expression body and block body, defaults.
    ("fn f(x) = x * 2", "(fn f (x) (* x 2))"),
    ("fn f() = 1", "(fn f () 1)"),
    ("fn f(a, b = 2, c = a + 1) = a", "(fn f (a b=2 c=(+ a 1)) a)"),
    ("fn f(x) =\n  x", "(fn f (x) x)"),
    ("fn f(x) {\n  y = x + 1\n  y * 2\n}", "(fn f (x) {(= y (+ x 1)); (* y 2)})"),
    ("fn f(\n  a,\n  b = 1\n) { a }", "(fn f (a b=1) a)"),
    ("fn f() {}", "(fn f () {})"),
    // if / else if / else, with `else` on the next line too.
    ("if a { 1 }", "(if a {1})"),
    ("if a { 1 } else { 2 }", "(if a {1} {2})"),
    ("if a { 1 } else if b { 2 } else if c { 3 } else { 4 }", "(if a {1} {(if b {2} {(if c {3} {4})})})"),
    ("if a {\n  x = 1\n  x\n}\nelse {\n  2\n}", "(if a {(= x 1); x} {2})"),
    ("if a { 1 }\nb", "(if a {1}); b"),
    ("y = if a > 1 { \"big\" } else { \"small\" }", "(= y (if (> a 1) {\"big\"} {\"small\"}))"),
    // for.
    ("for i in 1..3 { s = s + i }", "(for i (.. 1 3) {(= s (+ s i))})"),
    ("for r in rows(t) {\n  print(r)\n}", "(for r (call rows t) {(call print r)})"),
    // Lambdas: one parameter bare, several (or none) in parentheses; bodies are expressions.
    ("x => x + 1", "(lambda (x) (+ x 1))"),
    ("(x) => x", "(lambda (x) x)"),
    ("(acc, x) => acc + x", "(lambda (acc x) (+ acc x))"),
    ("() => 1", "(lambda () 1)"),
    ("f((\n  a,\n  b\n)\n  => a)", "(call f (lambda (a b) a))"),
    ("f = x =>\n  x * 2", "(= f (lambda (x) (* x 2)))"),
    ("map(xs, x => x * 10)", "(call map xs (lambda (x) (* x 10)))"),
    ("x => y => x + y", "(lambda (x) (lambda (y) (+ x y)))"),
    ("(x => x)(1)", "(call (lambda (x) x) 1)"),
    // Calls, named arguments, pipes with and without a call, also from the next line.
    ("f()", "(call f)"),
    ("f(1, 2)", "(call f 1 2)"),
    ("f(1, by: \"k\", desc: true)", "(call f 1 by:\"k\" desc:true)"),
    ("f(\n  1,\n  x: 2,\n)", "(call f 1 x:2)"),
    ("f(1)(2)", "(call (call f 1) 2)"),
    ("x |> f", "(call f x)"),
    ("x |> f(2, k: 3)", "(call f x 2 k:3)"),
    ("x |> f |> g(1)", "(call g (call f x) 1)"),
    ("x + 1 |> f", "(call f (+ x 1))"),
    ("a or b |> f", "(call f (or a b))"),
    ("x\n  |> f()\n  |> g", "(call g (call f x))"),
    ("x |>\n  f", "(call f x)"),
    ("t |> m.head(2)", "(call (. m head) t 2)"),
    ("x |> (y => y)", "(call (lambda (y) y) x)"),
    ("y = x |> f", "(= y (call f x))"),
    // Records (name and string keys), lists, index, member.
    ("{}", "(record)"),
    ("{a: 1, \"b c\": [2], \"d\": {e: null}}", "(record (a 1) (\"b c\" (list 2)) (d (record (e null))))"),
    ("{\n  a: 1,\n  b: 2\n}", "(record (a 1) (b 2))"),
    ("[]", "(list)"),
    ("[1, \"a\", [true]]", "(list 1 \"a\" (list true))"),
    ("[\n  1,\n  2,\n]", "(list 1 2)"),
    ("xs[0]", "(index xs 0)"),
    ("xs[i + 1][-1]", "(index (index xs (+ i 1)) -1)"),
    ("r.a.b", "(. (. r a) b)"),
    ("t.rows[0].name", "(. (index (. t rows) 0) name)"),
    ("f(x).y[2](3)", "(call (index (. (call f x) y) 2) 3)"),
    ("[1, 2][0]", "(index (list 1 2) 0)"),
    ("\"abc\"[1]", "(index \"abc\" 1)"),
    // Ranges.
    ("1..5", "(.. 1 5)"),
    ("1..n + 1", "(.. 1 (+ n 1))"),
    ("a..b == c", "(== (.. a b) c)"),
    // Precedence, lowest first: or, and, not, comparison, range, + -, * /, unary -, ^.
    ("a or b and c", "(or a (and b c))"),
    ("a and b or c and d", "(or (and a b) (and c d))"),
    ("not a and b", "(and (not a) b)"),
    ("not a == b", "(not (== a b))"),
    ("not not a", "(not (not a))"),
    ("a < b + 1", "(< a (+ b 1))"),
    ("a <= b; a > b; a >= b; a != b", "(<= a b); (> a b); (>= a b); (!= a b)"),
    ("1 + 2 * 3 - 4 / 5", "(- (+ 1 (* 2 3)) (/ 4 5))"),
    ("1 - 2 - 3", "(- (- 1 2) 3)"),
    ("8 / 4 / 2", "(/ (/ 8 4) 2)"),
    ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
    ("2 ^ 3 ^ 2", "(^ 2 (^ 3 2))"),
    ("2 * 3 ^ 2", "(* 2 (^ 3 2))"),
    ("xs[0] ^ 2", "(^ (index xs 0) 2)"),
    // Unary minus: folded into a number literal, else a node; binds looser than `^`.
    ("-1", "-1"),
    ("--1", "1"),
    ("-x", "(- x)"),
    ("- -x", "(- (- x))"),
    ("-2 ^ 2", "(- (^ 2 2))"),
    ("2 ^ -1", "(^ 2 -1)"),
    ("2 ^ -x", "(^ 2 (- x))"),
    ("a - -b", "(- a (- b))"),
    ("-f(x)", "(- (call f x))"),
    ("x * -1", "(* x -1)"),
    // Line continuation: after a binary operator and inside brackets a line goes on; a
    // new line before an operator (other than `|>`) starts a new statement.
    ("1 +\n  2", "(+ 1 2)"),
    ("a and\nb or\nc", "(or (and a b) c)"),
    ("a ==\n b", "(== a b)"),
    ("1 ..\n 3", "(.. 1 3)"),
    ("2 ^\n 3", "(^ 2 3)"),
    ("1\n- 2", "1; -2"),
    ("(1\n+ 2)", "(+ 1 2)"),
    ("f(1\n, 2)", "(call f 1 2)"),
    ("a = 1; b = 2\n\n;c", "(= a 1); (= b 2); c"),
    // Comments are nothing.
    ("# a comment\nx = 1 # another\n# end", "(= x 1)"),
]

@Test(arguments: treeCases)
func tree(_ source: String, _ expected: String) {
    #expect(parsed(source) == expected, "\(source)")
}

/// Node ranges (UTF-8 offsets), on a few statements that use every kind of node: a
/// parenthesized expression covers its parentheses; a folded `-1` covers the minus; a
/// call ends at its `)`; a pipe spans from its input to its target.
let rangeCases: [(source: String, tree: String)] = [
    ("x = (1 + 2) * -3",
     "(= x@0-1 (*@4-16(op@12-13) (+@4-11(op@7-8) 1@5-6 2@9-10) -3@14-16))"),
    ("s = \"é\" + r.k[0]",
     "(= s@0-1 (+@4-17(op@9-10) \"é\"@4-8 (index@11-17 (.@11-14 r@11-12 k@13-14) 0@15-16)))"),
    ("f(1, by: x)",
     "(call@0-11 f@0-1 1@2-3 by@5-7:x@9-10)"),
    ("xs |> f(2)",
     "(call@0-10 f@6-7 xs@0-2 2@8-9)"),
    ("fn g(a, b = 1) {\n  a\n}",
     "(fn@0-22 g@3-4 (a@5-6 b@8-9=1@12-13) a@19-20)"),
    ("if not c { 1 } else { [] }",
     "(if@0-26 (not@3-8 c@7-8) {1@11-12} {(list@22-24)})"),
    ("for i in xs { {k: i} }",
     "(for@0-22 i@4-5 xs@9-11 {(record@14-20 (k@15-16 i@18-19))})"),
    ("(a, b) => a",
     "(lambda@0-11 (a@1-2 b@4-5) a@10-11)"),
    ("y = \"ü\" |> g",
     "(= y@0-1 (call@4-13 g@12-13 \"ü\"@4-8))"),
]

@Test(arguments: rangeCases)
func treeRanges(_ source: String, _ expected: String) {
    #expect(parsed(source, ranges: true) == expected, "\(source)")
}

/// Every syntax error the parser reports: the source and its errors, `offset: message`
/// (UTF-8 offsets into the cell; several errors in one cell in order of position).
let syntaxErrorCases: [(source: String, errors: String)] = [
    // Statements.
    ("a.b = 1", "4: only a name can be assigned to (write `name = value`)"),
    ("f(x) = 1", "5: only a name can be assigned to (write `name = value`)"),
    ("1 2", "2: expected the end of the statement (a new line or `;`), found a number"),
    ("x = 1 y", "6: expected the end of the statement (a new line or `;`), found `y`"),
    ("if a { 1 } 2", "11: expected the end of the statement (a new line or `;`), found a number"),
    ("(1\n(2))", "3: expected `)` to close the `(`, found `(`"), // a newline ends a postfix chain, even in brackets
    // fn.
    ("fn (x) = 1", "3: expected the function's name after `fn`, found `(`"),
    ("fn if() = 1", "3: expected the function's name after `fn`, found `if`"),
    ("fn f x", "5: expected `(` after the function name, found `x`"),
    ("fn f(x) x", "8: expected `=` or `{` after the parameters of `f`, found `x`"),
    ("fn f(x)", "7: expected `=` or `{` after the parameters of `f`, found end of cell"),
    ("fn f(1) = 1", "5: expected a parameter name, found a number"),
    ("fn f(x, x) = 1", "8: parameter `x` is declared twice"),
    ("fn f(a = 1, b) = a", "12: parameter `b` needs a default value because the one before it has one"),
    ("fn f(a b) = a", "7: expected `,` or `)` in the parameter list, found `b`"),
    ("fn f(a,", "7: expected a parameter name, found end of cell"),
    ("x = fn f() = 1", "4: `fn` defines a named function as a statement; for a function value write a lambda `x => ...`"),
    // Lambdas. (`lambda parameters cannot have default values` cannot be reached: the
    // parser only reads `(…)` as parameters when it holds nothing but names, commas and
    // newlines and is followed by `=>`; `(a = 1) => a` is a parenthesized expression, and
    // its error is the one below. `expected `=>`` is reached only by the known issue in
    // `lambdaArrowOnTheNextLineAtStatementLevel`.)
    ("(a, a) => a", "4: parameter `a` is declared twice"),
    ("(a b) => a", "3: expected `,` or `)` in the parameter list, found `b`"),
    ("(,) => 1", "1: expected a parameter name, found `,`"),
    ("(a = 1) => a", "3: expected `)` to close the `(`, found `=`"),
    ("x =>", "4: expected an expression, found end of cell"),
    // Blocks.
    ("if a 1", "5: expected `{`, found a number"),
    ("if a { 1", "5: expected `}` to close the block opened at this `{`"),
    ("fn f() {\n  1\n", "7: expected `}` to close the block opened at this `{`"),
    ("if a { 1 } else 2", "16: expected `{`, found a number"),
    ("if a { 1 +", "10: expected an expression, found end of cell"),
    ("for i in xs 1", "12: expected `{`, found a number"),
    ("for 1 in xs {}", "4: expected a loop variable name after `for`, found a number"),
    ("for i of xs {}", "6: expected `in` after the loop variable, found `of`"),
    // Expressions.
    ("1 +", "3: expected an expression, found end of cell"),
    ("x = )", "4: expected an expression, found `)`"),
    ("1\n+ 2", "2: expected an expression, found `+`"),
    ("x = else", "4: expected an expression, found `else`"),
    ("a < b < c", "6: comparisons cannot be chained; combine them with `and`"),
    ("a == b != c", "7: comparisons cannot be chained; combine them with `and`"),
    ("(1 2)", "3: expected `)` to close the `(`, found a number"),
    ("(1", "2: expected `)` to close the `(`, found end of cell"),
    // Calls.
    ("f(a: 1, a: 2)", "8: argument `a` is given twice"),
    ("f(a: 1, 2)", "8: positional arguments must come before named ones"),
    ("f(1 2)", "4: expected `,` or `)` after an argument, found a number"),
    ("f(1,", "4: expected an expression, found end of cell"),
    ("x |> 1 + 2", "7: expected the end of the statement (a new line or `;`), found `+`"), // a pipe's target is a postfix expression
    ("x |>", "4: expected an expression, found end of cell"),
    // Index, member.
    ("xs[1 2]", "5: expected `]` after the index, found a number"),
    ("xs[]", "3: expected an expression, found `]`"),
    ("r.1", "2: expected a name after `.`, found a number"),
    ("r.if", "2: expected a name after `.`, found `if`"),
    ("r.\nk", "2: expected a name after `.`, found end of line"),
    // Lists and records.
    ("[1 2]", "3: expected `,` or `]` in the list, found a number"),
    ("[1,", "3: expected an expression, found end of cell"),
    ("[\"s\"\n[0]]", "5: expected `,` or `]` in the list, found `[`"),
    ("{1: 2}", "1: expected a record key (a name or a string), found a number"),
    ("{a: 1, a: 2}", "7: record key `a` is given twice"),
    ("{a: 1, \"a\": 2}", "7: record key `a` is given twice"),
    ("{a 1}", "3: expected `:` after the record key, found a number"),
    ("{a: 1 b: 2}", "6: expected `,` or `}` in the record, found `b`"),
    // Too deep: brackets, unary operators, blocks and long operator chains.
    (String(repeating: "(", count: 201) + "1" + String(repeating: ")", count: 201),
     "200: expression is nested too deeply (more than 200 levels)"),
    (String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
     "200: expression is nested too deeply (more than 200 levels)"),
    (String(repeating: "-", count: 250) + "x", "199: expression is nested too deeply (more than 200 levels)"),
    (String(repeating: "not ", count: 250) + "x", "796: expression is nested too deeply (more than 200 levels)"),
    ("x = 1" + String(repeating: " + 1", count: 200), "4: expression is nested too deeply (more than 200 levels)"),
    // Recovery: each statement's first error, in order; the others parse.
    ("x = (1 +\ny = 2\nz = ]\nok = 1", "11: expected `)` to close the `(`, found `=` | 19: expected an expression, found `]`"),
    ("a = 1 $\nb = [1 2]", "6: unexpected character `$` | 15: expected `,` or `]` in the list, found a number"),
    ("fn f() {\n  1 2\n  x = )\n}\ny = 1", "13: expected the end of the statement (a new line or `;`), found a number | 21: expected an expression, found `)`"),
]

@Test(arguments: syntaxErrorCases)
func syntaxError(_ source: String, _ expected: String) {
    #expect(parsed(source) == "errors: " + expected, "\(source)")
}

/// After an error the parser goes on at the next statement: the statements around a bad
/// one are in the tree.
@Test func recoversAtTheNextStatement() {
    let (statements, errors) = Parser.parse("a = 1\nb = (2 +\nc = 3; d = [4 5]; e = 5\nf(1")
    #expect(errors.map { "\($0.offset): \($0.message)" } == [
        "17: expected `)` to close the `(`, found `=`", // `c = 3` goes with the broken statement
        "29: expected `,` or `]` in the list, found a number",
        "42: expected `,` or `)` after an argument, found end of cell",
    ])
    #expect(SExpr().program(statements) == "(= a 1); (= e 5)")
}

/// A lambda's parameter list may end its line before `=>` (the look-ahead that tells a
/// lambda from a parenthesized expression skips newlines there), and so does the parser,
/// at statement level as inside brackets.
@Test func lambdaArrowOnTheNextLineAtStatementLevel() {
    #expect(parsed("g = (a, b)\n  => a") == "(= g (lambda (a b) a))")
    #expect(parsed("f((a, b)\n  => a)") == "(call f (lambda (a b) a))")
}

/// A newline ends a postfix chain even inside brackets (`Parser.parsePostfix`): `(1\n(2))`
/// is an error, not a call (see `syntaxErrorCases`), and so is `(f\n(1))`: the check for a
/// lambda's `=>` after a name looks past the newline without consuming it.
@Test func postfixChainAfterANameOnTheNextLineInsideBrackets() {
    #expect(parsed("(f\n(1))") == "errors: 3: expected `)` to close the `(`, found `(`")
    #expect(parsed("[xs\n[0]]") == "errors: 4: expected `,` or `]` in the list, found `[`")
    #expect(parsed("(x\n  => x + 1)") == "(lambda (x) (+ x 1))")
}

/// `@name` reads the notebook-level name; a string before `:` names an argument (a column
/// name with spaces).
@Test func notebookNamesAndStringNamedArguments() {
    #expect(parsed("where(t, year > @start)") == "(call where t (> year @start))")
    #expect(parsed("@f(1)") == "(call @f 1)")
    #expect(parsed("with(t, \"Per head\": spend / pop)") == "(call with t Per head:(/ spend pop))")
    #expect(parsed("x = @") == "errors: 4: `@` must be followed by a notebook name, as in `@rate` | 5: expected an expression, found end of cell")
    #expect(parsed("@if") == "errors: 0: `@if`: `if` is a keyword, not a name")
}
