/// The syntax tree the parser builds and the checker/compiler read once. Every node
/// carries its source range (UTF-8 offsets into the cell text). Evaluation never walks
/// this tree: `Compiler` turns it into closures.
struct Expr: Sendable {
    var kind: ExprKind
    var range: SourceRange
    /// Height of the tree below this node (a leaf is 1). Bounded by `Parser.maxDepth`
    /// so that the recursive checker, compiler and evaluator cannot exhaust the stack.
    var height: Int

    init(_ kind: ExprKind, _ range: SourceRange, height: Int = 1) {
        self.kind = kind
        self.range = range
        self.height = height
    }
}

enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or
    case range = ".."
}

enum UnaryOperator: String, Sendable {
    case negate = "-", not
}

struct Argument: Sendable {
    var label: String?
    var labelRange: SourceRange?
    var value: Expr
}

struct RecordField: Sendable {
    var key: String
    var keyRange: SourceRange
    var value: Expr
}

struct ParameterDecl: Sendable {
    var name: String
    var range: SourceRange
    var defaultValue: Expr?
}

struct FunctionDecl: Sendable {
    var name: String
    var nameRange: SourceRange
    var parameters: [ParameterDecl]
    var body: [Stmt]
    /// The `fn` keyword to the end of the body.
    var range: SourceRange
}

indirect enum ExprKind: Sendable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case null
    case name(String)
    /// `@name`: the notebook-level `name` (a param, data table, a name a cell binds, or a
    /// built-in), never a local or a table column.
    case notebookName(String)
    case list([Expr])
    case record([RecordField])
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr, operatorRange: SourceRange)
    case call(Expr, [Argument])
    case member(Expr, String, nameRange: SourceRange)
    case index(Expr, Expr)
    case ifElse(condition: Expr, then: [Stmt], otherwise: [Stmt]?)
    case forLoop(variable: String, variableRange: SourceRange, sequence: Expr, body: [Stmt])
    case lambda(parameters: [ParameterDecl], body: Expr)
    /// A node the parser could not build; already reported.
    case invalid
}

enum Stmt: Sendable {
    case assign(name: String, nameRange: SourceRange, value: Expr)
    case function(FunctionDecl)
    case expression(Expr)

    var range: SourceRange {
        switch self {
        case .assign(_, let nameRange, let value): SourceRange(start: nameRange.start, end: value.range.end)
        case .function(let decl): decl.range
        case .expression(let expr): expr.range
        }
    }
}
