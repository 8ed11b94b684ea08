import NotebookFormat
import Tabular

// The resolved tree: what the checker (Checker.swift) hands the code generator
// (CodeGenerator.swift). It is the parser's tree with every decision of the static
// checks made: names resolved to slots (local, global, built-in, or a column of the
// table in a column-scope argument), built-in arguments bound to parameters, function
// bodies sized, direct calls recognised, offsets turned into YAML positions. `folio check`
// stops at this tree; only a run turns it into code.

/// An expression after the checks. `location` is where the expression starts.
struct ResolvedExpr {
    var kind: Kind
    var location: SourceLocation

    init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    indirect enum Kind {
        /// A literal, or a list of literals (folded once).
        case constant(Value)
        /// A local of the current function (`depth` 0) or of an enclosing one. `plain`: a
        /// local of the current function, assigned before this point and read outside a
        /// column scope (the fast paths read its slot directly).
        case local(name: String, depth: Int, slot: Int, plain: Bool)
        case global(name: String, slot: Int)
        /// A built-in used as a value (`map(xs, sqrt)`).
        case builtin(Builtin)
        /// A name inside a column-scope argument that is not a local: a column of the table
        /// when it has one of that name (decided at run time), else `fallback` (a global or
        /// a built-in), else an error listing the columns.
        case column(name: String, fallback: ResolvedExpr?)
        case list([ResolvedExpr])
        case record(keys: [String], values: [ResolvedExpr])
        case unary(UnaryOperator, ResolvedExpr)
        case binary(BinaryOperator, ResolvedExpr, ResolvedExpr, operatorLocation: SourceLocation)
        case call(ResolvedCall)
        case builtinCall(Builtin, [ResolvedArgument])
        case member(ResolvedExpr, String, nameLocation: SourceLocation)
        case index(ResolvedExpr, ResolvedExpr)
        case ifElse(condition: ResolvedExpr, then: [ResolvedStmt], otherwise: [ResolvedStmt]?)
        case forLoop(variable: AssignTarget, sequence: ResolvedExpr, body: [ResolvedStmt])
        case lambda(ResolvedFunction)
        /// A node with a static error (already reported); never run.
        case invalid(Diagnostic)
    }

    /// The number of a number literal.
    var numberConstant: Double? {
        if case .constant(.number(let x)) = kind { return x }
        return nil
    }

    /// The slot of a plain local (see `Kind.local`).
    var plainLocalSlot: Int? {
        if case .local(_, 0, let slot, true) = kind { return slot }
        return nil
    }
}

/// A call of a function value (a user `fn`, a lambda, or a built-in reached through a
/// variable). `location` of its node is the callee's.
struct ResolvedCall {
    var callee: ResolvedExpr
    var arguments: [ResolvedExpr]
    var labels: [String?]
    /// The callee is a name bound by exactly one top-level `fn` and no argument is named:
    /// the call may go straight to that function once its `fn` has run.
    var direct: (name: String, globalSlot: Int)?
}

/// An argument of a built-in call, bound to its parameter.
enum ResolvedArgument {
    /// Parameter `i`, evaluated before the call.
    case value(Int, ResolvedExpr)
    /// Parameter `i`, evaluated by the built-in with the table's columns in scope.
    case lazy(Int, ResolvedExpr)
    /// One of the variadic arguments.
    case rest(ResolvedExpr)
    /// A named argument collected by the built-in (`with(t, name: expr)`).
    case named(String, ResolvedExpr)
    /// A named argument evaluated with the table's columns in scope.
    case lazyNamed(String, ResolvedExpr, ColumnScopeInfo)
}

/// Where an assignment stores.
struct AssignTarget {
    var global: Bool
    var slot: Int
}

/// A user function or lambda after the checks.
struct ResolvedFunction {
    var name: String
    var parameterNames: [String]
    /// Per parameter; evaluated in the new frame, so a default may use earlier parameters.
    var defaults: [ResolvedExpr?]
    var slotCount: Int
    var body: [ResolvedStmt]
    var location: SourceLocation
    /// Code in the body may keep a reference to the call's frame (a lambda, a nested
    /// `fn`, a column-scope argument).
    var capturesFrame: Bool
}

enum ResolvedStmt {
    case expression(ResolvedExpr)
    case assign(AssignTarget, ResolvedExpr)
    /// `fn name(…)`. `isTopLevel`: at a cell's top level (it captures no frame);
    /// `isStatic`: the notebook's only binding of `name` (direct calls use it).
    case function(AssignTarget, ResolvedFunction, isTopLevel: Bool, isStatic: Bool)
    /// A statement with a static error (already reported); never run.
    case invalid(Diagnostic)

    var isExpression: Bool {
        if case .expression = self { return true }
        return false
    }
}

/// A piece of a Markdown cell: its text, or a `{{ }}` expression.
enum ResolvedInline {
    case markdown(String)
    case expression([ResolvedStmt], SourceLocation)
}

/// A cell after the checks.
struct CheckedCell {
    let id: String
    let kind: CellKind
    /// Notebook names the cell binds at its top level, in order of first binding.
    let bound: [String]
    /// Notebook names the cell reads that come from outside it, in order of first use.
    let used: [String]
    let statements: [ResolvedStmt]
    let inline: [ResolvedInline]
    /// The cell's first static error (`nil`: it may run).
    let firstError: Diagnostic?
}

/// A whole notebook after the checks: every diagnostic (sorted by position), and the
/// resolved cells and global slots from which code is generated.
/// A text field's `{{ }}` pieces, resolved.
struct CheckedTemplate {
    let field: TextTemplate.Field
    let inline: [ResolvedInline]
}

package struct CheckedNotebook {
    package let diagnostics: [Diagnostic]
    let cells: [CheckedCell]
    let templates: [CheckedTemplate]
    /// Every notebook-wide name (params, data, names cells bind), in slot order.
    let globalNames: [String]
    let globalSlots: [String: Int]
    /// Names bound only by one top-level `fn` (see `ResolvedCall.direct`).
    let staticFunctionNames: Set<String>

    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
