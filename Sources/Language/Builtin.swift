import NotebookFormat
import Tabular

/// How a built-in parameter may be left out.
enum ParameterDefault: Sendable {
    /// Must be given.
    case required
    /// May be left out; the implementation sees `nil`.
    case absent
    /// Left out means this value (shown in the docs).
    case value(Value, text: String)
}

struct BuiltinParameter: Sendable {
    var name: String
    var defaultValue: ParameterDefault = .required
    /// Only `name: value` binds it (e.g. `seed:`).
    var namedOnly = false
    /// Its argument expression is evaluated by the built-in with the table's columns in
    /// scope (`with`, `where`, `group`); unbound names there are not static errors.
    var columnScope = false

    var isRequired: Bool {
        if case .required = defaultValue { return true }
        return false
    }
}

/// Shorthand for a parameter in the registry's entries (`p("xs")`, `p("seed", namedOnly: true)`).
func p(_ name: String, _ defaultValue: ParameterDefault = .required, namedOnly: Bool = false,
       columnScope: Bool = false) -> BuiltinParameter {
    BuiltinParameter(name: name, defaultValue: defaultValue, namedOnly: namedOnly, columnScope: columnScope)
}

enum BuiltinGroup: String, CaseIterable, Sendable {
    case math = "Math"
    case aggregates = "Aggregates"
    case series = "Series"
    case lists = "Lists"
    case comparison = "Comparison"
    case conditionals = "Conditionals (element-wise)"
    case strings = "Strings"
    case dates = "Dates"
    case records = "Records"
    case tables = "Tables"
    case charts = "Charts"
    case random = "Random"
    case output = "Output and checks"
}

/// One built-in function: everything the checker, the runtime and the generated
/// reference (docs/language.md) need to know about it.
struct Builtin: Sendable {
    var name: String
    var group: BuiltinGroup
    var parameters: [BuiltinParameter]
    /// Extra positional arguments (`print(a, ...)`, `min(a, b, ...)`).
    var variadic: BuiltinParameter? = nil
    /// Extra named arguments (`table(col: values, ...)`).
    var namedRest: BuiltinParameter? = nil
    var doc: String
    /// Code and the code of its expected value; the tests run both and compare.
    var examples: [(code: String, result: String)]
    /// A name a notebook may bind (a variable, parameter, `params`/`data` name), hiding
    /// the built-in there. Only the date functions, whose names (`year`, `date`, `day`…)
    /// notebooks used as variables before they existed; every other built-in name is
    /// reserved.
    var shadowable = false
    var implementation: @Sendable (inout Arguments) throws(Diagnostic) -> Value

    var signature: String {
        var parts: [String] = [], named: [String] = []
        for p in parameters {
            let text: String
            switch p.defaultValue {
            case .required: text = p.namedOnly ? "\(p.name): …" : p.name
            case .absent: text = "[\(p.namedOnly ? "\(p.name): …" : p.name)]"
            case .value(_, let value): text = "[\(p.name)\(p.namedOnly ? ":" : " =") \(value)]"
            }
            // Named-only ones are written after the extra positional arguments, as in a call.
            if p.namedOnly && variadic != nil { named.append(text) } else { parts.append(text) }
        }
        if let v = variadic { parts.append("\(v.name)…") }
        parts += named
        if let n = namedRest { parts.append("\(n.name): …, …") }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }
}

/// An argument evaluated on demand by a column-scope built-in.
struct LazyArgument {
    let location: SourceLocation
    /// What the compiler saw in the expression (`group` uses it to skip work).
    var info = ColumnScopeInfo()
    /// Evaluates the expression with `columns` visible by name.
    let evaluate: (_ names: [String], _ columns: [Value]) throws(Diagnostic) -> Value
}

/// The arguments of one built-in call, bound to its parameters.
struct Arguments {
    let runtime: Runtime
    let builtin: Builtin
    /// The call (its callee name).
    let location: SourceLocation
    /// Per declared parameter; `nil` when left out with no default.
    var values: [Value?]
    /// Where each argument was written (the call itself when left out).
    var locations: [SourceLocation]
    var rest: [Value] = []
    var restLocations: [SourceLocation] = []
    var named: [(name: String, value: Value, location: SourceLocation)] = []
    /// Column-scope arguments: by parameter index, and named ones.
    var lazy: [Int: LazyArgument] = [:]
    var lazyNamed: [(name: String, argument: LazyArgument)] = []

    // MARK: Typed access

    func value(_ i: Int) throws(Diagnostic) -> Value {
        guard let v = values[i] else { throw missing(i) }
        return v
    }

    func missing(_ i: Int) -> Diagnostic {
        .error(.missingArgument(builtin.name, builtin.parameters[i].name), at: location)
    }

    func typeError(_ i: Int, expected: String, got: Value) -> Diagnostic {
        .error(.inBuiltin(builtin.name, .argumentType(builtin.parameters[i].name, expected: expected, got: got.typeName)), at: locations[i])
    }

    func error(_ i: Int, _ message: Diagnostic.Message) -> Diagnostic {
        .error(.inBuiltin(builtin.name, message), at: i < locations.count ? locations[i] : location)
    }

    func callError(_ message: Diagnostic.Message) -> Diagnostic {
        .error(.inBuiltin(builtin.name, message), at: location)
    }

    func number(_ i: Int) throws(Diagnostic) -> Double {
        let v = try value(i)
        guard case .number(let x) = v else { throw typeError(i, expected: "a number", got: v) }
        return x
    }

    func optionalNumber(_ i: Int) throws(Diagnostic) -> Double? {
        guard let v = values[i], !v.isNull else { return nil }
        guard case .number(let x) = v else { throw typeError(i, expected: "a number", got: v) }
        return x
    }

    /// An integral number within `range`.
    func integer(_ i: Int, in range: ClosedRange<Double> = -9.0e15...9.0e15) throws(Diagnostic) -> Int {
        let x = try number(i)
        guard x.rounded() == x else { throw error(i, .mustBeWhole(builtin.parameters[i].name, x)) }
        guard range.contains(x) else {
            throw error(i, .argumentOutOfRange(builtin.parameters[i].name, range, x))
        }
        return Int(x)
    }

    func string(_ i: Int) throws(Diagnostic) -> String {
        let v = try value(i)
        guard case .string(let s) = v else { throw typeError(i, expected: "a string", got: v) }
        return s
    }

    func bool(_ i: Int) throws(Diagnostic) -> Bool {
        let v = try value(i)
        guard case .bool(let b) = v else { throw typeError(i, expected: "true or false", got: v) }
        return b
    }

    func list(_ i: Int) throws(Diagnostic) -> List {
        let v = try value(i)
        guard case .list(let l) = v else { throw typeError(i, expected: "a list", got: v) }
        return l
    }

    /// A list of numbers (nulls allowed) with its null mask.
    func numbers(_ i: Int) throws(Diagnostic) -> (values: [Double], nulls: [Bool]?) {
        let l = try list(i)
        guard let n = l.numeric else {
            throw error(i, .numbersListHolds(builtin.parameters[i].name, describeElements(l)))
        }
        return n
    }

    func function(_ i: Int) throws(Diagnostic) -> FunctionValue {
        let v = try value(i)
        guard case .function(let f) = v else { throw typeError(i, expected: "a function", got: v) }
        return f
    }

    func call(_ f: FunctionValue, _ arguments: [Value]) throws(Diagnostic) -> Value {
        try runtime.call(f, arguments, at: location)
    }

    func call(_ f: FunctionValue, _ argument: Value) throws(Diagnostic) -> Value {
        try runtime.call(f, argument, at: location)
    }
}

func article(_ typeName: String) -> String {
    switch typeName {
    case "null": "null"
    case "list", "string", "number", "bool", "date", "record", "table", "function", "chart":
        (typeName.first.map { "aeiou".contains($0) } ?? false) ? "an \(typeName)" : "a \(typeName)"
    default: typeName
    }
}

/// "strings", "a mix of numbers and strings", ...
func describeElements(_ list: List) -> String {
    switch list {
    case .numbers: return "numbers"
    case .bools: return "bools"
    case .strings: return "strings"
    case .dates: return "dates"
    case .values(let v):
        var names: [String] = []
        for element in v where !element.isNull && !names.contains(element.typeName) { names.append(element.typeName) }
        if names.count == 1 { return "\(names[0])s" }
        return "a mix of " + names.map { "\($0)s" }.joined(separator: " and ")
    }
}

/// The registry: one entry per built-in, in documentation order.
enum Builtins {
    static let all: [Builtin] = {
        var all: [Builtin] = mathBuiltins
        all += aggregateBuiltins
        all += seriesBuiltins
        all += windowBuiltins
        all += listBuiltins
        all += comparisonBuiltins
        all += conditionalBuiltins
        all += stringBuiltins
        all += textTestBuiltins
        all += dateBuiltins
        all += recordBuiltins
        all += tableBuiltins
        all += reshapeBuiltins
        all += displayBuiltins
        all += chartBuiltins
        all += randomBuiltins
        all += outputBuiltins
        return all
    }()

    /// Whether `name` is a built-in a notebook may not bind.
    static func reserves(_ name: String) -> Bool {
        byName[name].map { !$0.shadowable } ?? false
    }

    static let byName: [String: Builtin] = {
        var map: [String: Builtin] = [:]
        for b in all { map[b.name] = b }
        return map
    }()
}

/// Binds call arguments to a built-in's parameters. Used by the checker (static calls)
/// and at run time (a built-in passed as a value and called later).
/// Returns for each argument its target: a parameter index, `variadic`, or `named rest`.
enum ArgumentTarget: Equatable {
    case parameter(Int)
    case variadic
    case namedRest(String)
}

func bindArguments(_ builtin: Builtin, labels: [String?]) -> Result<[ArgumentTarget], BindError> {
    var targets: [ArgumentTarget] = []
    var filled = [Bool](repeating: false, count: builtin.parameters.count)
    let positional = builtin.parameters.indices.filter { !builtin.parameters[$0].namedOnly }
    var nextPositional = 0
    for (argumentIndex, label) in labels.enumerated() {
        if let label {
            if let i = builtin.parameters.firstIndex(where: { $0.name == label }) {
                if filled[i] { return .failure(.duplicate(label, argumentIndex)) }
                filled[i] = true
                targets.append(.parameter(i))
            } else if builtin.namedRest != nil {
                targets.append(.namedRest(label))
            } else {
                return .failure(.unknownName(label, argumentIndex))
            }
        } else {
            while nextPositional < positional.count, filled[positional[nextPositional]] { nextPositional += 1 }
            if nextPositional < positional.count {
                let i = positional[nextPositional]
                filled[i] = true
                nextPositional += 1
                targets.append(.parameter(i))
            } else if builtin.variadic != nil {
                targets.append(.variadic)
            } else {
                return .failure(.tooMany(argumentIndex))
            }
        }
    }
    for (i, p) in builtin.parameters.enumerated() where p.isRequired && !filled[i] {
        return .failure(.missing(p.name))
    }
    return .success(targets)
}

enum BindError: Error {
    case duplicate(String, Int)
    case unknownName(String, Int)
    case tooMany(Int)
    case missing(String)

    func message(_ builtin: Builtin) -> String {
        switch self {
        case .duplicate(let name, _): Diagnostic.Message.argumentGivenTwice(name, of: builtin.name).text
        case .unknownName(let name, _):
            Diagnostic.Message.noSuchParameter(name, of: builtin.name, parameters: builtin.parameters.map(\.name), listed: true).text
        case .tooMany:
            "`\(builtin.name)` takes at most \(builtin.parameters.filter { !$0.namedOnly }.count) positional argument\(builtin.parameters.filter { !$0.namedOnly }.count == 1 ? "" : "s"): \(builtin.signature)"
        case .missing(let name): Diagnostic.Message.missingArgument(builtin.name, name, signature: builtin.signature).text
        }
    }
}

// MARK: - Suggestions

func suggestionSuffix(_ name: String, _ candidates: [String]) -> String {
    closestName(to: name, in: candidates).map { "; did you mean `\($0)`?" } ?? ""
}
