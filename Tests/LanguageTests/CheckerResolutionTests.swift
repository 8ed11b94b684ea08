import NotebookFormat
import Testing
@testable import Language

/// The checker's resolved tree (what `folio check` stops at and code generation starts
/// from), printed as compact text: each name shows what it was resolved to.
private func resolved(_ cells: [String]) -> [String] {
    let checked = check(notebook(cells))
    #expect(!checked.hasErrors, "\(checked.diagnostics.map(\.message))")
    return checked.cells.map { $0.statements.map(text).joined(separator: "; ") }
}

private func text(_ s: ResolvedStmt) -> String {
    switch s {
    case .expression(let e): return text(e)
    case .assign(let target, let e): return "\(text(target)) = \(text(e))"
    case .function(let target, let f, let topLevel, let isStatic):
        return "fn\(topLevel ? " top" : "")\(isStatic ? " static" : "") \(text(target)) \(text(f))"
    case .invalid(let d): return "invalid(\(d.message))"
    }
}

private func text(_ t: AssignTarget) -> String { t.global ? "g\(t.slot)" : "l\(t.slot)" }

private func text(_ f: ResolvedFunction) -> String {
    "(\(f.parameterNames.joined(separator: " ")))[slots \(f.slotCount)\(f.capturesFrame ? ", captures" : "")] { \(f.body.map(text).joined(separator: "; ")) }"
}

private func text(_ e: ResolvedExpr) -> String {
    switch e.kind {
    case .constant(let v):
        if case .number(let x) = v { return x == x.rounded() ? String(Int(x)) : String(x) }
        if case .string(let s) = v { return "\"\(s)\"" }
        return "const"
    case .local(let name, let depth, let slot, let plain): return "\(name)@l\(depth).\(slot)\(plain ? "" : "?")"
    case .global(let name, let slot): return "\(name)@g\(slot)"
    case .builtin(let b): return "\(b.name)@builtin"
    case .column(let name, let fallback): return "\(name)@column\(fallback.map { "|" + text($0) } ?? "")"
    case .list(let items): return "[\(items.map(text).joined(separator: ", "))]"
    case .record(let keys, let values): return "{\(zip(keys, values).map { "\($0): \(text($1))" }.joined(separator: ", "))}"
    case .unary(let op, let a): return "(\(op.rawValue) \(text(a)))"
    case .binary(let op, let a, let b, _): return "(\(text(a)) \(op.rawValue) \(text(b)))"
    case .call(let call):
        return "call\(call.direct.map { " direct(\($0.name)@g\($0.globalSlot))" } ?? "") \(text(call.callee))(\(call.arguments.map(text).joined(separator: ", ")))"
    case .builtinCall(let b, let arguments):
        let parts = arguments.map { a -> String in
            switch a {
            case .value(let i, let e): return "\(i)=\(text(e))"
            case .lazy(let i, let e): return "\(i)=lazy \(text(e))"
            case .rest(let e): return "...\(text(e))"
            case .named(let n, let e): return "\(n): \(text(e))"
            case .lazyNamed(let n, let e, _): return "\(n): lazy \(text(e))"
            }
        }
        return "\(b.name)(\(parts.joined(separator: ", ")))"
    case .member(let base, let name, _): return "\(text(base)).\(name)"
    case .index(let base, let i): return "\(text(base))[\(text(i))]"
    case .ifElse(let c, let t, let o):
        return "if \(text(c)) { \(t.map(text).joined(separator: "; ")) }\(o.map { " else { \($0.map(text).joined(separator: "; ")) }" } ?? "")"
    case .forLoop(let v, let seq, let body): return "for \(text(v)) in \(text(seq)) { \(body.map(text).joined(separator: "; ")) }"
    case .lambda(let f): return "lambda\(text(f))"
    case .invalid(let d): return "invalid(\(d.message))"
    }
}

@Suite struct CheckerResolutionTests {
    @Test func namesResolveToSlots() {
        #expect(resolved(["x = 1\ny = x + 2", "z = y * x"]) == [
            "g0 = 1; g1 = (x@g0 + 2)",
            "g2 = (y@g1 * x@g0)",
        ])
    }

    @Test func aSingleTopLevelFnIsCalledDirectly() {
        #expect(resolved(["fn f(n) = if n < 2 { n } else { f(n - 1) }\nf(3)"]) == [
            "fn top static g0 (n)[slots 1] { if (n@l0.0 < 2) { n@l0.0 } else { call direct(f@g0) f@g0((n@l0.0 - 1)) } }; "
                + "call direct(f@g0) f@g0(3)",
        ])
    }

    @Test func aReboundFunctionIsCalledThroughItsVariable() {
        #expect(resolved(["fn f(n) = n\nf = x => x\nf(1)"]) == [
            "fn top g0 (n)[slots 1] { n@l0.0 }; g0 = lambda(x)[slots 1] { x@l0.0 }; call f@g0(1)",
        ])
    }

    @Test func lambdasReachEnclosingLocalsAndCaptureTheFrame() {
        #expect(resolved(["fn f(a) {\n  g = x => x + a\n  g(1)\n}"]) == [
            "fn top static g0 (a)[slots 2, captures] { l1 = lambda(x)[slots 1] { (x@l0.0 + a@l1.0?) }; call g@l0.1(1) }",
        ])
    }

    @Test func columnScopeArgumentsResolveNamesAtRunTime() {
        #expect(resolved(["rate = 2\nt = table(a: [1])\nu = with(t, b: a * rate)"]) == [
            "g0 = 2; g1 = table(a: const); g2 = with(0=t@g1, b: lazy (a@column * rate@column|rate@g0))",
        ])
    }

    @Test func builtinArgumentsAreBoundToTheirParameters() {
        #expect(resolved(["round(2.5, digits: 1)\nmax(1, 2, 3)"]) == [
            "round(0=2.5, 1=1); max(0=1, ...2, ...3)",
        ])
    }

    @Test func loopVariablesAndIfBodiesBindWhereTheyStand() {
        #expect(resolved(["s = 0\nfor i in 1..3 { s = s + i }\ns"]) == [
            "g1 = 0; for g0 in (1 .. 3) { g1 = (s@g1 + i@g0) }; s@g1",
        ])
    }

    @Test func checkingAloneReportsErrorsWithoutGeneratingCode() {
        let checked = check(notebook(["y = nope + 1"]))
        #expect(checked.diagnostics.map(\.message) == ["unknown name `nope`"])
        #expect(checked.cells[0].firstError?.message == "unknown name `nope`")
        // A notebook with static errors gets no code at all: none of its cells may run.
        let program = CompiledNotebook.generate(checked)
        #expect(program.cells[0].statements.isEmpty && !program.cells[0].isValid)
    }
}
