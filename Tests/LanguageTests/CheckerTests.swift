import NotebookFormat
import Testing
@testable import Language

private func staticErrors(_ cells: [String], ids: [String]? = nil, params: [Parameter] = [], markdown: Set<Int> = []) -> [Diagnostic] {
    compile(notebook(cells, ids: ids, params: params, markdown: markdown)).diagnostics
}

private func at(_ line: Int, _ column: Int) -> NotebookFormat.SourceLocation {
    SourceLocation(file: "nb.yaml", line: line, column: column)
}

/// One static error class per case: code, message fragment, position.
let staticErrorCases: [(code: String, message: String, line: Int, column: Int)] = [
    ("total = 1\ntotl + 1", "unknown name `totl`; did you mean `total`?", 3, 5),
    ("sqr(4)", "unknown function `sqr`; did you mean `sqrt`?", 2, 5),
    ("sqrt(1, 2)", "`sqrt` takes at most 1 positional argument", 2, 13),
    ("pow(2)", "`pow` needs the argument `b`", 2, 5),
    ("round(1.5, digts: 1)", "`round` has no parameter named `digts`", 2, 16),
    ("random_uniform(3)", "needs the argument `seed`", 2, 5),
    ("sum = 1", "`sum` is the name of a built-in function", 2, 5),
    ("fn f(max) = max", "`max` is the name of a built-in function", 2, 10),
    ("y = x0 + 1\nx0 = 2", "`x0` is used before it is assigned", 2, 9),
    ("fn f() {\n  v = w + 1\n  w = 2\n}", "`w` is used before it is assigned", 3, 11),
    ("x = (1 + ", "expected an expression, found end of cell", 2, 14),
    ("x = [1, 2", "expected `,` or `]`", 2, 14),
    ("\"abc", "unterminated string", 2, 5),
    ("\"a\\qb\"", "unknown escape `\\q`", 2, 7),
    ("x = 1 $ 2", "unexpected character `$`", 2, 11),
    ("a < b < c", "cannot be chained", 2, 11),
    ("x.y = 3", "only a name can be assigned", 2, 9),
    ("f(a: 1, 2)", "positional arguments must come before named ones", 2, 13),
    ("1 2", "expected the end of the statement", 2, 7),
]

@Test(arguments: staticErrorCases)
func staticError(_ code: String, _ message: String, _ line: Int, _ column: Int) {
    let errors = staticErrors([code])
    #expect(errors.contains { $0.message.contains(message) && $0.location == at(line, column) },
            "\(code): \(errors.map(\.description))")
}

@Test func laterCellDefinitionIsNamed() {
    let errors = staticErrors(["later_value * 2", "later_value = 3"], ids: ["early", "late"])
    #expect(errors.count == 1)
    #expect(errors.first?.message == "`later_value` is defined in cell `late`, which comes after this one")
    #expect(errors.first?.location == at(2, 5))
}

@Test func allErrorsAreReportedInOrder() {
    let errors = staticErrors(["a = nope1\nb = nope2", "c = )\nd = ]\ne = nope3"])
    #expect(errors.map(\.location) == [at(2, 9), at(3, 9), at(12, 9), at(13, 9), at(14, 9)], "\(errors.map(\.description))")
}

@Test func parserRecoversAndReportsEachStatement() {
    let errors = staticErrors(["x = )\ny = 1 +\nz = 2\nw = ]"])
    // `y = 1 +` continues onto `z = 2`, which is then an assignment in an expression.
    #expect(errors.count >= 2)
    #expect(errors.first?.location == at(2, 9))
    #expect(errors.last?.location == at(5, 9))
}

@Test func blockScalarPositionsMapToYAMLLines() {
    // A block scalar whose first line is at line 7, column 7, later lines at column 7.
    let source = SourceText(verbatim: "x = 1\ny = x + missing", file: "doc.yaml", line: 7, column: 7, continuationColumn: 7)
    let nb = Notebook(file: "doc.yaml", title: "t", cells: [Cell(id: "a", kind: .code, source: source, location: at(6, 3))])
    let errors = compile(nb).diagnostics
    #expect(errors.map(\.location) == [NotebookFormat.SourceLocation(file: "doc.yaml", line: 8, column: 15)])
}

@Test func paramsAndDataClashingWithBuiltinsAreErrors() {
    let param = Parameter(name: "sum", value: .number(1), location: at(1, 3), valueLocation: at(1, 8))
    let errors = staticErrors(["1"], params: [param])
    #expect(errors.map(\.location) == [at(1, 3)])
    #expect(errors.first?.message.contains("`sum`") == true)
}

@Test func paramsAreGlobals() {
    let param = Parameter(name: "rate", value: .number(0.5), location: at(1, 3), valueLocation: at(1, 8))
    let compilation = compile(notebook(["rate * 2"], params: [param]))
    #expect(compilation.diagnostics.isEmpty)
    let interpreter = Interpreter(program: compilation.program)
    interpreter.setGlobal("rate", Value(ParamValue.number(0.5)))
    let outputs = try? interpreter.runCell(0, control: ExecutionControl(), host: NoFileAccess())
    guard case .shown(.number(let x), nil)? = outputs?.last else {
        Issue.record("no value: \(String(describing: outputs))")
        return
    }
    #expect(x == 1)
}

@Test func boundAndUsedNamesPerCell() {
    let compilation = compile(notebook([
        "a = 1\nb = a + 1",
        "c = a + b\na = 5\nfor i in [1] { d = i }",
        "fn f(x) = x + c\nf(1)",
    ]))
    #expect(compilation.diagnostics.isEmpty, "\(compilation.diagnostics)")
    let cells = compilation.program.cells
    #expect(cells[0].bound == ["a", "b"])
    #expect(cells[0].used == [])
    #expect(cells[1].bound == ["c", "a", "i", "d"])
    #expect(cells[1].used == ["a", "b"])
    #expect(cells[2].bound == ["f"])
    #expect(cells[2].used == ["c"])
}

@Test func functionsMayReferToNamesBoundLaterInTheSameCell() {
    let result = run(["fn even(n) = if n == 0 { true } else { odd(n - 1) }\nfn odd(n) = if n == 0 { false } else { even(n - 1) }\neven(10)"])
    guard case .value(.bool(true)) = result else {
        Issue.record("\(describe(result))")
        return
    }
}

@Test func tenThousandNestedParenthesesAreACleanError() {
    let code = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
    let errors = staticErrors([code])
    #expect(errors.count >= 1)
    #expect(errors.first?.message.contains("nested too deeply") == true)
}

@Test func deepButAllowedNestingWorks() {
    let code = String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)
    guard case .value(.number(1)) = run([code]) else {
        Issue.record("150 parentheses should evaluate")
        return
    }
}

@Test func longOperatorChainsAreACleanError() {
    let code = Array(repeating: "1", count: 5_000).joined(separator: " + ")
    let errors = staticErrors([code])
    #expect(errors.first?.message.contains("nested too deeply") == true)
}

@Test func unboundNamesInsideColumnScopeArgumentsAreNotStaticErrors() throws {
    // A stand-in for `where(t, predicate)`: the predicate sees the columns `a` and `b`.
    let whereLike = Builtin(name: "keep_rows", group: .tables,
                            parameters: [BuiltinParameter(name: "t"), BuiltinParameter(name: "predicate", columnScope: true)],
                            doc: "", examples: []) { args throws(Diagnostic) in
        guard let predicate = args.lazy[1] else { throw args.callError("no predicate") }
        return try predicate.evaluate(["a", "b"], [.list(List([.number(1), .number(2)])), .number(10)])
    }
    let nb = notebook(["limit = 1\nkeep_rows(0, a > limit and b == 10)", "keep_rows(0, nothing_here)"])
    let (program, diagnostics) = CompiledNotebook.compile(nb, extraBuiltins: ["keep_rows": whereLike])
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let interpreter = Interpreter(program: program)
    let outputs = try interpreter.runCell(0, control: ExecutionControl(), host: NoFileAccess())
    guard case .shown(let v, _)? = outputs.last else {
        Issue.record("no output")
        return
    }
    #expect(ValueText.of(v) == "[false, true]")
    #expect(program.cells[0].used == [])
    #expect(throws: Diagnostic.self) { try interpreter.runCell(1, control: ExecutionControl(), host: NoFileAccess()) }
    do {
        _ = try interpreter.runCell(1, control: ExecutionControl(), host: NoFileAccess())
    } catch {
        #expect(error.message.contains("`nothing_here` is neither a column of the table (its columns: `a`, `b`)"))
        #expect(error.location == at(12, 18))
    }
}

@Test func edgeCasesOfCellText() {
    #expect(staticErrors(["", "# only a comment\n", "\n\n;;\n"]).isEmpty)
    #expect(staticErrors(["x = 1\r\ny = x\r\n"]).isEmpty)
    let unicode = staticErrors(["größe = 1\ngröße + 1"])
    #expect(unicode.count == 2, "\(unicode.map(\.description))")
    #expect(unicode.first?.message.contains("`größe`: names may only use") == true)
    #expect(unicode.first?.location == at(2, 7))
    #expect(staticErrors(["1 × 2"]).first?.message.contains("unexpected character `×`") == true)
    #expect(staticErrors(["2x"]).first?.message.contains("followed directly by a letter") == true)
}

@Test func largeCellsCompileQuickly() {
    let statements = (0..<5_000).map { "v\($0) = \($0) * 2" }.joined(separator: "\n")
    let list = "[" + (0..<50_000).map(String.init).joined(separator: ", ") + "]"
    let start = ContinuousClock.now
    #expect(staticErrors([statements + "\nsum(" + list + ")"]).isEmpty)
    #expect(ContinuousClock.now - start < .seconds(20))
}
