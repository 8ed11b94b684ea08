import NotebookFormat
import Suggestions
import Tabular

// The wording of the Language module's diagnostics (see `Diagnostic.Message`): the
// lexer's and parser's syntax errors, the static checks, the runtime and the built-ins.
// A wording raised from several places is defined once here.

extension Diagnostic.Message {
    // MARK: syntax

    /// `expected `)` after an argument, found a name`.
    static func expected(_ what: String, found token: String) -> Self {
        "expected \(what), found \(token)"
    }

    static var nestedTooDeeply: Self {
        "expression is nested too deeply (more than \(Parser.maxDepth) levels)"
    }

    static var onlyNamesAssignable: Self { "only a name can be assigned to (write `name = value`)" }
    static var lambdaParameterDefault: Self { "lambda parameters cannot have default values" }
    static func parameterNeedsDefault(_ name: String) -> Self {
        "parameter `\(name)` needs a default value because the one before it has one"
    }
    static var unclosedBlock: Self { "expected `}` to close the block opened at this `{`" }
    static var chainedComparison: Self { "comparisons cannot be chained; combine them with `and`" }
    static func argumentGivenTwice(_ label: String) -> Self { "argument `\(label)` is given twice" }
    static var positionalAfterNamed: Self { "positional arguments must come before named ones" }
    static func recordKeyGivenTwice(_ key: String) -> Self { "record key `\(key)` is given twice" }
    static var fnIsAStatement: Self {
        "`fn` defines a named function as a statement; for a function value write a lambda `x => ...`"
    }
    static var atWithoutName: Self { "`@` must be followed by a notebook name, as in `@rate`" }
    static func atKeyword(_ name: String) -> Self { "`@\(name)`: `\(name)` is a keyword, not a name" }
    static func nonASCIIName(_ name: String) -> Self {
        "`\(name)`: names may only use the letters A-Z and a-z, digits and `_`"
    }
    /// `shown`: the character as the message shows it (with a hint for `!` and `|`).
    static func unexpectedCharacter(_ shown: String) -> Self { "unexpected character \(shown)" }
    static var letterAfterNumber: Self { "a number must not be followed directly by a letter" }
    static var numberTooLarge: Self { "number is too large" }
    static var unterminatedString: Self { "unterminated string: a `\"` is missing before the end of the line" }
    static var badUnicodeEscape: Self {
        "invalid escape: `\\u{` needs 1 to 8 hex digits of a Unicode scalar and a closing `}`"
    }
    static func unknownEscape(_ shown: String) -> Self {
        "unknown escape `\\\(shown)`; use \\\" \\\\ \\n \\t or \\u{XXXX}"
    }

    static func parameterDeclaredTwice(_ name: String) -> Self {
        "parameter `\(name)` is declared twice"
    }

    // MARK: names (static checks)

    static func unknownName(_ name: String, candidates: [String] = []) -> Self {
        "unknown name `\(name)`\(OtherTools.hint(for: name) ?? suggestionSuffix(name, candidates))"
    }

    static func unknownNotebookName(_ name: String, candidates: [String]) -> Self {
        Self("`@\(name)`: no notebook name `\(name)` (a param, a data table, a name a cell binds, or a built-in)"
             + suggestionSuffix(name, candidates))
    }

    /// A column of the table in a `with`/`where`/`group` argument hides the notebook's `name`.
    static func shadowedByColumn(_ name: String, notebookKind: String) -> Self {
        "`\(name)` here is the column of that name, not the notebook's \(notebookKind); write `@\(name)` for the notebook's"
    }

    static func unknownFunction(_ name: String, candidates: [String]) -> Self {
        "unknown function `\(name)`\(OtherTools.hint(for: name) ?? suggestionSuffix(name, candidates))"
    }

    /// `str.contains(s, "x")`: a method of another tool (pandas) on a built-in.
    static func otherToolsMethod(_ written: String, folio: String) -> Self {
        "`\(written)` is not Folio\(OtherTools.hint(for: written) ?? "; Folio calls this `\(folio)`")"
    }

    /// `where(cond, a, b)` as numpy writes it.
    static var whereWithThreeArguments: Self {
        "`where(t, predicate)` keeps the rows of a table; for numpy's `where(cond, a, b)` Folio calls this `if_else(cond, a, b)`"
    }

    /// `filter(t, …)` on a table, as dplyr writes it.
    static var filterOnTable: Self {
        "`filter` keeps the elements of a list; for the rows of a table Folio calls this `where` (`where(t, year > 2020)`)"
    }

    static func usedBeforeAssigned(_ name: String) -> Self {
        "`\(name)` is used before it is assigned"
    }

    static func definedInLaterCell(_ name: String, cell id: String) -> Self {
        "`\(name)` is defined in cell `\(id)`, which comes after this one"
    }

    /// A built-in's name used for a variable, a function, a parameter or a data table.
    static func builtinNameTaken(_ name: String) -> Self {
        "`\(name)` is the name of a built-in function and cannot be rebound; choose another name"
    }

    static func definedTwiceInHeader(_ name: String) -> Self {
        "`\(name)` is defined twice in `params`/`data`"
    }

    static var firstDefinedHere: Self { "first defined here" }

    /// A node the parser could not build (already reported by the parser).
    static var invalidExpression: Self { "invalid expression" }

    /// `{{ }}` pieces of a Markdown cell show values; they do not bind names.
    static func inlineCannotAssign(_ name: String) -> Self { "an inline expression cannot assign `\(name)`" }
    static var inlineCannotDefineFunction: Self { "an inline expression cannot define a function" }
    static func inlineCannotAssignLoopVariable(_ name: String) -> Self {
        "an inline expression cannot assign the loop variable `\(name)`"
    }
    static var emptyInline: Self { "empty `{{ }}`: write an expression inside" }
    static var unclosedInline: Self { "`{{` is not closed by `}}` (write `\\{{` for a literal `{{`)" }
    static func inlineCannotShow(_ typeName: String) -> Self {
        "an inline expression cannot show \(article(typeName)); use a code cell"
    }
    static func inlineListElement(_ typeName: String) -> Self {
        "an inline list can only hold numbers, strings and bools, not \(article(typeName))"
    }

    /// `failedCell`: the name may also be unbound because the cell that binds it failed.
    static func noValueHere(_ name: String, failedCell: Bool) -> Self {
        failedCell
            ? "`\(name)` has no value here (it is assigned only on a path that did not run, or in a cell that failed)"
            : "`\(name)` has no value here (it is assigned only on a path that did not run)"
    }

    static func notAColumnNorName(_ name: String, columns: [String]) -> Self {
        Self("`\(name)` is neither a column of the table (its columns: \(columns.map { "`\($0)`" }.joined(separator: ", "))) nor a bound name"
             + suggestionSuffix(name, columns))
    }

    // MARK: calls

    /// A required argument left out; `signature` is shown for built-ins.
    static func missingArgument(_ function: String, _ parameter: String, signature: String? = nil) -> Self {
        Self("`\(function)` needs the argument `\(parameter)`" + (signature.map { ": \($0)" } ?? ""))
    }

    static func argumentGivenTwice(_ name: String, of function: String) -> Self {
        "argument `\(name)` of `\(function)` is given twice"
    }

    /// `parameters` are listed when `listed` (built-ins); the closest is suggested.
    static func noSuchParameter(_ name: String, of function: String, parameters: [String], listed: Bool = false) -> Self {
        Self("`\(function)` has no parameter named `\(name)`"
             + (listed && !parameters.isEmpty ? " (it takes \(parameters.map { "`\($0)`" }.joined(separator: ", ")))" : "")
             + suggestionSuffix(name, parameters))
    }

    /// A note of an error's call chain: the call of `function` that led to it.
    static func calledHere(_ function: String) -> Self {
        function == "lambda" ? Self("a lambda" + calledHereSuffix) : Self("`\(function)`" + calledHereSuffix)
    }
    static let calledHereSuffix = " was called here"
    /// The last note of a call chain cut at `Diagnostic.maxCallNotes`.
    static func moreCalls(_ count: Int) -> Self {
        "… and \(count) more outer call\(count == 1 ? "" : "s")"
    }
    static func moreCallsCount(_ text: String) -> Int? {
        guard text.hasPrefix("… and ") else { return nil }
        return Int(text.dropFirst("… and ".count).prefix { $0.isNumber })
    }

    static func wrongArgumentCount(_ function: String, takes count: Int, given: Int) -> Self {
        "`\(function)` takes \(count) argument\(count == 1 ? "" : "s"), but \(given) were given"
    }

    static func notAFunction(_ typeName: String) -> Self {
        "this is \(article(typeName)), not a function; it cannot be called"
    }

    static func mustBeCalledDirectly(_ function: String, parameter: String) -> Self {
        "`\(function)` must be called directly (its `\(parameter)` argument is evaluated with the table's columns)"
    }

    /// `\`round\`: …`: a built-in's problem, prefixed with its name.
    static func inBuiltin(_ function: String, _ message: Self) -> Self {
        "`\(function)`: \(message.text)"
    }

    /// A Tabular kernel's error in a built-in: `\`with\`: …`.
    static func inBuiltin(_ function: String, _ error: TableError) -> Self {
        .inBuiltin(function, Self(error.message))
    }

    static func argumentType(_ parameter: String, expected: String, got typeName: String) -> Self {
        "argument `\(parameter)` must be \(expected), not \(article(typeName))"
    }

    // MARK: operators

    static func operatorNeedsNumbers(_ op: String, _ a: String, _ b: String) -> Self {
        "`\(op)` needs numbers, not \(article(a)) and \(article(b))"
    }
    static func cannotOrderBools(_ op: String) -> Self { "`\(op)` cannot order bools; only `==` and `!=` compare them" }
    /// `hint`: a sentence that starts with its own separator, or empty.
    static func cannotCompare(_ a: String, _ b: String, _ op: String, hint: String) -> Self {
        "cannot compare \(article(a)) with \(article(b)) using `\(op)`\(hint)"
    }
    static func operatorNeedsBools(_ op: String, _ a: String, _ b: String) -> Self {
        "`\(op)` needs bools (true or false), not \(article(a)) and \(article(b))"
    }
    static func notNeedsBool(_ typeName: String) -> Self { "`not` needs a bool (true or false), not \(article(typeName))" }
    static func negateNeedsNumber(_ typeName: String) -> Self { "`-` needs a number, not \(article(typeName))" }
    static func rangeNeedsNumbers(_ a: String, _ b: String) -> Self {
        "`..` needs two whole numbers, not \(article(a)) and \(article(b))"
    }
    /// `expression`: "1 / 0"; `result`: "not a number", "too large to represent".
    static func nonFiniteResult(_ expression: String, _ result: String) -> Self { "`\(expression)` is \(result)" }
    static func rangeNeedsWholeNumbers(_ x: Double, _ y: Double) -> Self {
        "`..` needs whole numbers, not \(NumberFormat.shortest(x)) and \(NumberFormat.shortest(y)); use `seq(from, to, by)` for fractional steps"
    }

    // MARK: numeric built-ins

    static func numberOrNumbersHolds(_ parameter: String, _ elements: String) -> Self {
        "`\(parameter)` must be a number or a list of numbers, but the list holds \(elements)"
    }
    static func notFiniteFor(_ a: Double, _ b: Double) -> Self {
        "the result for \(NumberFormat.general(a)) and \(NumberFormat.general(b)) is not a finite number"
    }
    static var resultNotFinite: Self { "the result is not a finite number" }
    static func needsTwoNumbers(_ a: String, _ b: String) -> Self {
        "needs numbers, not \(article(a)) and \(article(b))"
    }
    /// `what`: "the sum", "the running total", "the value at step 3".
    static func tooLargeToRepresent(_ what: String) -> Self { "\(what) is too large to represent" }
    static func needsNumbersOrLists(_ function: String, _ typeName: String) -> Self {
        "`\(function)` needs numbers or lists of numbers, not \(article(typeName))"
    }
    static func extremaMixesNumbersAndDates(_ function: String) -> Self {
        "`\(function)` takes numbers or dates, not both: this argument holds the other kind"
    }
    static func groupHasNoDates(_ function: String, column: String, group: String) -> Self {
        "`\(function)`: column `\(column)` has no dates in \(group)"
    }
    static func noNumbersToTake(_ function: String) -> Self { "there are no numbers to take the \(function) of" }
    static var noNumbersToAverage: Self { "the list has no numbers to average" }
    static func squareRootOfNegative(_ x: Double) -> Self {
        "cannot take the square root of a negative number (\(NumberFormat.general(x)))"
    }
    static func quantileOutOfRange(_ q: Double) -> Self { "`q` must be between 0 and 1, not \(NumberFormat.shortest(q))" }
    static var quantileType: Self { "`q` must be a number or a list of numbers" }
    static func stdevNeedsTwo(_ count: Int) -> Self {
        "a sample standard deviation needs at least two numbers, got \(count)"
    }
    static func mustNotBeZero(_ parameter: String) -> Self { "`\(parameter)` must not be 0" }
    static func mustBePositive(_ parameter: String, _ x: Double) -> Self {
        "`\(parameter)` must be positive, not \(NumberFormat.general(x))"
    }
    static func sameSignNeeded(_ a: String, _ b: String) -> Self { "`\(a)` and `\(b)` must have the same sign" }
    static func divisionByZeroElement(_ index: Int) -> Self { "division by zero: element \(index) is 0" }
    static func differentLengthsNamed(_ a: String, _ b: String, _ m: Int, _ n: Int) -> Self {
        "`\(a)` and `\(b)` have different lengths (\(m) and \(n))"
    }
    static func nonEmptyWithoutNulls(_ a: String, _ b: String) -> Self { "`\(a)` and `\(b)` must be non-empty and hold no nulls" }
    static func mustIncreaseStrictly(_ parameter: String, element: Int, _ x: Double, after previous: Double) -> Self {
        "`\(parameter)` must increase strictly (element \(element) is \(NumberFormat.general(x)) after \(NumberFormat.general(previous)))"
    }
    static func outsideRange(_ x: Double, of parameter: String, _ low: Double, _ high: Double) -> Self {
        "\(NumberFormat.general(x)) is outside the range of `\(parameter)` (\(NumberFormat.general(low)) to \(NumberFormat.general(high)))"
    }

    // MARK: table built-ins

    static func columnNameType(_ typeName: String) -> Self { "column names must be strings, not \(article(typeName))" }
    static func columnLengthMismatch(_ name: String, values: Int, rows: Int) -> Self {
        "column `\(name)` has \(values) value\(values == 1 ? "" : "s") but the table has \(rows) row\(rows == 1 ? "" : "s")"
    }
    static func columnMixedTypes(_ name: String, _ elements: String) -> Self {
        "column `\(name)` must hold values of one type (numbers, strings or bools), but it holds \(elements)"
    }
    static func columnValueType(_ name: String, _ typeName: String) -> Self {
        "column `\(name)` must be a list or a single number, string or bool, not \(article(typeName))"
    }
    static var recordsOrColumns: Self { "give either a list of records or named columns, not both" }
    static func columnGivenTwice(_ name: String) -> Self { "column `\(name)` is given twice" }
    static func tableNeedsRecords(element: Int, _ typeName: String) -> Self {
        "`table` needs a list of records, but element \(element) is \(article(typeName))"
    }
    static func conditionLengthMismatch(_ values: Int, rows: Int) -> Self {
        "the condition has \(values) value\(values == 1 ? "" : "s") but the table has \(rows) row\(rows == 1 ? "" : "s")"
    }
    static func columnTwiceInBy(_ name: String) -> Self { "column `\(name)` is named twice in `by`" }
    static func resultColumnTwice(_ name: String) -> Self { "the result would have two columns named `\(name)`" }
    static var sortNeedsColumns: Self { "name the column(s) to sort a table by: sort(t, \"col\", ...)" }
    static var joinNeedsSecondTable: Self { "joining tables needs a second table: join(a, b, on: \"col\")" }
    static var joinNeedsKeys: Self { "name the key column(s): join(a, b, on: \"col\" or [\"a\", \"b\"])" }
    static func joinHow(_ given: String) -> Self { "`how` must be \"inner\" or \"left\", not \(given)" }
    /// `table`: "first" or "second".
    static func joinKeyMissing(_ name: String, in table: String, columns: [String]) -> Self {
        "the \(table) table has no key column `\(name)`\(Access.keyList(columns, noun: "columns"))\(suggestionSuffix(name, columns))"
    }
    static var sortListExtraArgument: Self {
        "`sort` of a list takes one more argument, `desc` (true or false); column names are for tables"
    }
    /// `what`: how the condition is not a row-wise bool ("a string", "a list of 3").
    static func conditionNotBools(_ what: String) -> Self {
        "the condition must be true or false for each row (a list of bools, or one bool), but it is \(what)"
    }
    /// `where` given one bool (or null, `gave`) for the whole table.
    static func conditionForWholeTable(_ gave: String) -> Self {
        Self("the condition gave one value (\(gave)) for the whole table, not one per row; "
            + "a list function such as `contains(column, x)` tests the whole column at once. "
            + "To test each row, use an element-wise function (`contains_text(column, \"text\")`, `matches`, a comparison) or `map(column, x => …)`")
    }

    // MARK: grouped built-ins (`group`, grouped `with`)

    static func aggregateNeedsNumbers(_ function: String, column: String, holding typeName: String) -> Self {
        "`\(function)` needs a list of numbers, but column `\(column)` holds \(typeName)s"
    }
    /// `what`: "no numbers", "fewer than two numbers".
    static func groupHasTooFewNumbers(column: String, _ what: String, group: String) -> Self {
        "column `\(column)` has \(what) in \(group)"
    }
    static func groupExpressionNotScalar(_ name: String, gave what: String) -> Self {
        "`\(name)` must give one value per group (use an aggregate such as `sum(...)`), but it gave \(what)"
    }
    static func replacesByColumn(_ name: String) -> Self {
        "`\(name)` is a `by` column; a grouped `with` cannot replace it (add a new column instead)"
    }
    static func groupValueCountMismatch(_ name: String, values: Int, rows: Int) -> Self {
        Self("`\(name)` gave \(values) value\(values == 1 ? "" : "s") for a group of \(rows) row\(rows == 1 ? "" : "s"); "
            + "give one value, or one per row of the group")
    }
    static func groupTypeMismatch(_ name: String, _ typeName: String, earlier: String) -> Self {
        "`\(name)` gave \(typeName)s here but \(earlier)s for an earlier group; a column holds one type"
    }

    // MARK: display built-ins (`format`, `label`, `hide`)

    static func patternForNonNumbers(_ column: String, holding typeName: String) -> Self {
        "column `\(column)` holds \(typeName)s; patterns format numbers"
    }
    static func patternType(_ column: String, _ typeName: String) -> Self {
        "the pattern for `\(column)` must be a string (or null for the general format), not \(article(typeName))"
    }
    static func emptyLabel(_ column: String) -> Self {
        "the label for `\(column)` is empty; give the header to show (or null for the column's own name)"
    }
    static func labelType(_ column: String, _ typeName: String) -> Self {
        "the label for `\(column)` must be a string (or null for the column's own name), not \(article(typeName))"
    }
    static func hidesEveryColumn(_ columns: [String]) -> Self {
        Self("this would hide every column of the table (\(columns.map { "`\($0)`" }.joined(separator: ", "))); "
            + "keep at least one shown (hidden columns stay in the CSV)")
    }

    // MARK: element-wise built-ins

    /// `argument`: "`x`", "the first argument"; `expected`: "a string or a list of strings".
    static func argumentListHolds(_ argument: String, expected: String, _ elements: String) -> Self {
        "\(argument) must be \(expected), but the list holds \(elements)"
    }
    static func argumentMustBe(_ argument: String, expected: String, got typeName: String) -> Self {
        "\(argument) must be \(expected), not \(article(typeName))"
    }
    static func laneLengthMismatch(_ a: String, _ n: Int, _ b: String, _ m: Int) -> Self {
        "\(a) has \(n) element\(n == 1 ? "" : "s") but \(b) has \(m); lists must have the same length (a single value is used for every element)"
    }
    /// `found`: the lane described ("a number", "a list of numbers").
    static func wrongLaneKind(_ lane: String, expected: String, found: String) -> Self {
        "\(lane) must be \(expected), not \(found)"
    }
    /// `what`: the values that must agree ("the values").
    static func lanesOfDifferentTypes(_ a: String, _ aType: String, _ b: String, _ bType: String, what: String) -> Self {
        "\(a) is \(aType) but \(b) is \(bType); \(what) must be of one type (null fits any)"
    }
    static func lastConditionWithoutValue(argument: Int) -> Self {
        "the last condition (argument \(argument)) has no value; write conditions and values in pairs, and the fallback as `default: v`"
    }

    // MARK: assertions

    static func checkFailed(_ message: String) -> Self { "check failed: \(message)" }

    // MARK: regular expressions (`matches`, `extract`)

    /// A pattern the engine refuses (Tabular's `RegularExpression.SyntaxError` gives
    /// `reason`); `element` when the pattern is one of a list.
    static func invalidRegularExpression(_ builtin: String, _ pattern: String, element: Int?, _ reason: String) -> Self {
        "`\(builtin)`: invalid regular expression \(quoted(pattern))\(element.map { " (element \($0))" } ?? ""): \(reason)"
    }

    // MARK: values

    static func conditionNotBool(_ what: String) -> Self {
        "the condition of `if` must be true or false, but \(what)"
    }

    static func forNeedsList(_ typeName: String) -> Self {
        "`for` needs a list (or a table) to loop over, not \(article(typeName))"
    }

    static func recordHasNoKey(_ key: String, keys: [String]) -> Self {
        "the record has no key `\(key)`\(Access.keyList(keys))\(suggestionSuffix(key, keys))"
    }

    /// `folio check`: a column named where a table derived from a data file is used, and
    /// no such column is in the file's header (or added by a verb on the way).
    static func columnNotInHeader(_ name: String, table: String, file: String, columns: [String]) -> Self {
        let list = columns.isEmpty ? "none" : columns.map { "`\($0)`" }.joined(separator: ", ")
        return Self("`\(table)` has no column `\(name)` (its columns: \(list); from the header of `\(file)`)\(suggestionSuffix(name, columns))")
    }

    static func tableHasNoColumn(_ name: String, columns: [String]) -> Self {
        "the table has no column `\(name)`\(Access.keyList(columns, noun: "columns"))\(suggestionSuffix(name, columns))"
    }

    static func noMember(_ name: String, of typeName: String) -> Self {
        "`.\(name)` needs a record or a table, not \(article(typeName))"
    }

    static func indexType(into what: String, _ typeName: String) -> Self {
        "an index into \(what) must be a whole number, not \(article(typeName))"
    }

    static func indexNotWhole(_ x: Double) -> Self {
        "an index must be a whole number, not \(NumberFormat.shortest(x))"
    }

    static func indexOutOfRange(_ x: Double, of what: String, count: Int) -> Self {
        "index \(NumberFormat.shortest(x)) is out of range for \(what) of \(count) element\(count == 1 ? "" : "s")"
    }

    static func recordIndexType(_ typeName: String) -> Self {
        "a record is indexed by a key string, not \(article(typeName))"
    }

    static func notIndexable(_ typeName: String) -> Self {
        "\(article(typeName).capitalizedFirst) cannot be indexed"
    }

    /// `[1, 2] + [1, 2, 3]`, `zip`, `xs`/`ys`: element-wise work on lists that do not pair up.
    static func differentLengths(_ a: Int, _ b: Int, in op: String) -> Self {
        "lists of different lengths (\(a) and \(b)) in `\(op)`"
    }

    static func differentLengths(_ a: Int, _ b: Int) -> Self {
        "lists of different lengths (\(a) and \(b))"
    }

    /// `what` needs numbers but got a list holding something else.
    static func needsNumbers(_ what: String, holds list: List) -> Self {
        "`\(what)` needs numbers, but the list holds \(describeElements(list))"
    }

    static func needsListOfNumbers(_ what: String, holds list: List) -> Self {
        "`\(what)` needs a list of numbers, but the list holds \(describeElements(list))"
    }

    static func cannotConcatenate(_ typeName: String, stringFirst: Bool) -> Self {
        stringFirst
            ? "cannot add \(article(typeName)) to a string; convert it with `str(...)` first"
            : "cannot add a string to \(article(typeName)); convert it with `str(...)` first"
    }

    static func divisionByZero(_ detail: String) -> Self { "division by zero (\(detail))" }

    static var emptyList: Self { "the list is empty" }
    static var noNumbers: Self { "the list has no numbers" }
    static func logarithmOfNonPositive(_ x: Double) -> Self {
        "the logarithm needs a positive number, not \(NumberFormat.general(x))"
    }

    static func notFinite(for x: Double) -> Self {
        "the result for \(NumberFormat.general(x)) is not a finite number"
    }

    /// A `fmt`/`format` number pattern that does not read (`column`: `format`'s).
    static func badPattern(_ pattern: String, _ problem: String, column: String? = nil) -> Self {
        Self("bad pattern \(quoted(pattern))" + (column.map { " for column `\($0)`" } ?? "") + ": \(problem)")
    }

    static func columnNamedTwice(_ name: String) -> Self { "column `\(name)` is named twice" }

    static func mustBeWhole(_ parameter: String, _ x: Double) -> Self {
        "`\(parameter)` must be a whole number, not \(NumberFormat.shortest(x))"
    }

    // MARK: dates

    /// Text that is not a date (`date("2024-02-30")`); `element`: its index in a list.
    static func notADate(_ text: String, element: Int? = nil) -> Self {
        let wellFormed = text.utf8.count == 10 && text.utf8.enumerated().allSatisfy { i, b in
            i == 4 || i == 7 ? b == UInt8(ascii: "-") : (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
        }
        let reason: String
        if wellFormed, let y = Int(text.prefix(4)), let m = Int(text.dropFirst(5).prefix(2)) {
            reason = dateProblem(year: y, month: m)
        } else {
            reason = "a date is written YYYY-MM-DD (a calendar day: no time of day, no time zone)"
        }
        return Self("\(quoted(text)) is not a valid date\(elementSuffix(element)): \(reason)")
    }

    /// `date(2024, 13, 1)`: parts that make no date.
    static func notADate(year: Double, month: Double, day: Double, element: Int? = nil) -> Self {
        func text(_ x: Double) -> String { NumberFormat.shortest(x) }
        let reason: String
        if year.rounded() != year || month.rounded() != month || day.rounded() != day {
            reason = "the year, month and day must be whole numbers"
        } else if let y = Int(exactly: year), let m = Int(exactly: month) {
            reason = dateProblem(year: y, month: m)
        } else {
            reason = "the year must be between \(CalendarDate.minYear) and \(CalendarDate.maxYear)"
        }
        return Self("year \(text(year)), month \(text(month)), day \(text(day)) is not a valid date\(elementSuffix(element)): \(reason)")
    }

    private static func dateProblem(year: Int, month: Int) -> String {
        if year < CalendarDate.minYear || year > CalendarDate.maxYear {
            return "the year must be between \(CalendarDate.minYear) and \(CalendarDate.maxYear)"
        }
        if month < 1 || month > 12 { return "the month must be between 1 and 12" }
        return "\(CalendarDate.monthNames[month - 1]) \(year) has \(CalendarDate.daysInMonth(year, month)) days"
    }

    private static func elementSuffix(_ element: Int?) -> String {
        element.map { " (element \($0))" } ?? ""
    }

    /// A date computation (`add_days`, `fiscal_start`, …) that leaves the calendar's range.
    static func dateOutOfRange(element: Int? = nil) -> Self {
        Self("the date is outside the years \(CalendarDate.minYear)–\(CalendarDate.maxYear)\(elementSuffix(element))")
    }

    /// `start_month` of the fiscal functions.
    static func badStartMonth(_ x: Double) -> Self {
        "`start_month` must be a month number from 1 to 12 (4 for April), not \(NumberFormat.shortest(x))"
    }

    static func badFiscalNaming(_ text: String) -> Self {
        "`named_by` must be `\"start\"` (the year is named by the calendar year it starts in, as in Japan) or `\"end\"` (the year it ends in, as the US federal government does), not \(quoted(text))"
    }

    /// `d + 1`, `a + b` with dates: only `date - date` is arithmetic.
    static func dateArithmetic(_ op: String, _ a: String, _ b: String) -> Self {
        if op == "+" || op == "-", a == "date" || b == "date", a == "number" || b == "number" {
            return "`\(op)` does not add days or months to a date; use `add_days(d, n)` or `add_months(d, n)`"
        }
        return "`\(op)` needs numbers (or `date - date`, which gives days), not \(article(a)) and \(article(b))"
    }

    /// `d < "2024-04-01"`.
    static func dateWithString(_ op: String) -> Self {
        "cannot compare a date with a string using `\(op)`; write the date as `date(\"2024-04-01\")`"
    }

    /// `fmt`/`format`: a number pattern on a date or a date pattern on a number.
    static func patternKindMismatch(_ pattern: String, valueType: String, column: String? = nil) -> Self {
        let holds = column.map { "column `\($0)` holds \(valueType)s, but " } ?? ""
        switch valueType {
        case "date":
            return Self(holds + "\(quoted(pattern)) is a number pattern; a date takes date letters (yyyy yy MMMM MMM MM M dd d EEEE EEE)")
        case "number":
            return Self(holds + "\(quoted(pattern)) is a date pattern; a number takes digit placeholders (`0`, `#`)")
        default:
            return Self(holds + "patterns format numbers and dates")
        }
    }

    // MARK: limits

    static func tooManyElements(_ what: String, _ n: Double) -> Self {
        "\(what) would have \(NumberFormat.general(n.rounded(.down))) elements; the limit is 100,000,000"
    }

    static func nestsTooDeeply(_ what: String) -> Self {
        "\(what) would nest lists and records more than \(maxNestingDepth) levels deep"
    }

    static func wouldPassMemoryLimit(_ what: String, bytes: Double, used: Double, limit: Double) -> Self {
        "\(what) would need \(MemoryUse.text(bytes)) more memory; the run already uses \(MemoryUse.text(used)) and the memory limit is \(MemoryUse.text(limit))"
    }

    static func joinTooLarge(rows: Int, limit: Double) -> Self {
        "the joined table would have \(NumberFormat.general(Double(rows))) rows, more than fit in the memory limit of \(MemoryUse.text(limit))"
    }

    static func overMemoryLimit(used: Double, limit: Double) -> Self {
        "the run uses \(MemoryUse.text(used)) of memory, more than the limit of \(MemoryUse.text(limit))"
    }

    static func cancelled(after seconds: String) -> Self { "the cell was cancelled after \(seconds) s" }

    static func timedOut(after seconds: String, limit: String) -> Self {
        "the cell timed out after \(seconds) s (limit \(limit) s)"
    }

    static var recursionTooDeep: Self { "recursion is deeper than \(Runtime.maxCallDepth) calls" }

    static func stackExhausted(nestedCalls: Int) -> Self {
        "recursion is too deep for the available stack (\(nestedCalls) nested calls)"
    }

    /// Never expected: a compiler invariant broken.
    static func internalError(_ what: String) -> Self { "internal error: \(what)" }
}

extension ParseError {
    init(_ message: Diagnostic.Message, at offset: Int) {
        self.init(message: message.text, offset: offset)
    }
}

extension LexError {
    init(_ message: Diagnostic.Message, at offset: Int) {
        self.init(message: message.text, offset: offset)
    }
}

extension Diagnostic.Message {
    // MARK: charts

    static func chartOptionNotForKind(_ option: String, _ kind: String, applies kinds: [String]) -> Self {
        "`\(option)` does not apply to \(kind); it applies to \(kinds.joined(separator: ", "))"
    }
    static func logAxisNonPositive(column: String, value: Double, row: Int?) -> Self {
        "`log_y: true` needs positive values, but `\(column)` is \(NumberFormat.shortest(value))\(row.map { " in row \($0)" } ?? "") (the first such value)"
    }
    static func emptyHistogram(_ column: String) -> Self {
        "the histogram's column `\(column)` has no numbers to count"
    }
    static var badBinEdges: Self {
        "`bins` must be a number of bins (1 to 1000) or a list of at least two increasing finite edges (at most 1001)"
    }
    static func chartSizeOutOfRange(_ option: String, _ value: Double, _ range: ClosedRange<Double>) -> Self {
        "`\(option)` must be between \(NumberFormat.shortest(range.lowerBound)) and \(NumberFormat.shortest(range.upperBound)) CSS pixels, not \(NumberFormat.shortest(value))"
    }
    static func bandNeedsTwoColumns(_ count: Int) -> Self {
        "`band` names two columns, the low and the high one (`band: [\"p5\", \"p95\"]`), not \(count)"
    }
    static var colorWithGroup: Self {
        "`color` colours one series of bars; it cannot be combined with `group` or several `y` columns"
    }
    static func axisLimitsOrder(_ axis: String, _ lo: Double, _ hi: Double) -> Self {
        "`\(axis)_min` (\(NumberFormat.shortest(lo))) must be below `\(axis)_max` (\(NumberFormat.shortest(hi)))"
    }
    static func axisLimitsNeedNumericX(_ column: String) -> Self {
        "`x_min`/`x_max` need a number x column; `\(column)` holds categories"
    }
    static func axisDateLimitsOrder(_ lo: Int32, _ hi: Int32) -> Self {
        "`x_min` (\(CalendarDate.text(lo))) must be before `x_max` (\(CalendarDate.text(hi)))"
    }
    /// `option` may name a record key too ("spans` `from").
    static func chartDateNeedsTimeAxis(_ option: String) -> Self {
        "`\(option)` is a date, but only a line, area or scatter chart with a date x column has a time axis"
    }
    static func chartXNeedsDate(_ option: String, got typeName: String) -> Self {
        "`\(option)` must be a date on a time axis (the x column holds dates), e.g. `date(\"2024-04-01\")`, not \(article(typeName))"
    }
    static func chartRecordNeedsDate(_ option: String, _ key: String) -> Self {
        "each of `\(option)` needs a date `\(key)` on a time axis (the x column holds dates), e.g. `date(\"2024-04-01\")`"
    }
    static func chartLabelsPlacement(_ given: String) -> Self {
        "`labels` is \"end\" (series named at their line ends) or \"legend\", not \"\(given)\""
    }
    static func chartRecordNeeds(_ option: String, _ key: String, example: String) -> Self {
        "each of `\(option)` needs a number `\(key)` (e.g. `\(example)`)"
    }
    /// `the y column `country` must hold numbers, but it holds strings` (after the built-in's name).
    static func chartColumnHolds(role: String, column: String, expected: String, holds typeName: String) -> Self {
        "the \(role) column `\(column)` must hold \(expected), but it holds \(typeName)s"
    }
    /// `a span's `label` must be a string, not a number`.
    static func chartRecordTextNotString(_ what: String, _ key: String, got typeName: String) -> Self {
        "\(what) `\(key)` must be a string, not \(article(typeName))"
    }
    static var chartYNamesNoColumn: Self { "`y` names no column" }
    static func chartYMustBeOneColumn(_ count: Int) -> Self { "`y` must be one column here, not \(count)" }
    static var referenceRecordNeedsValue: Self {
        "a reference record needs a number `y` (e.g. `{y: 2, label: \"target\"}`) or `x` for a vertical line"
    }
    static func referenceRecordKey(_ key: String) -> Self {
        "a reference record has only `y` (or `x`) and `label`, not `\(key)`"
    }
    static var stackedNeedsGroup: Self { "`stacked: true` needs `group` (or several `y` columns) to stack" }
    static func facetTooManyPanels(_ column: String, count: Int, limit: Int) -> Self {
        "`facet` would draw one panel for each of the \(count) values of `\(column)`; at most \(limit) panels are drawn (filter the table, or group its rows)"
    }
    static func facetWithoutValues(_ column: String) -> Self {
        "`facet` column `\(column)` has no values to make panels of (every row is null)"
    }
    static var annotationsWithFacet: Self {
        "`annotations` mark one point of one chart; with `facet` they would repeat in every panel (use `reference` or `spans`, which apply to every panel)"
    }
    static func chartRecordKey(_ option: String, _ key: String, allowed: [String]) -> Self {
        "`\(option)` records have only \(allowed.map { "`\($0)`" }.joined(separator: ", ")), not `\(key)`"
    }
}

extension Diagnostic.Message {
    // MARK: built-in arguments (positioned by `Arguments.error(_:_:)`)

    static func argumentOutOfRange(_ parameter: String, _ range: ClosedRange<Double>, _ x: Double) -> Self {
        "`\(parameter)` must be between \(NumberFormat.shortest(range.lowerBound)) and \(NumberFormat.shortest(range.upperBound)), not \(NumberFormat.shortest(x))"
    }
    static func numbersListHolds(_ parameter: String, _ elements: String) -> Self {
        "`\(parameter)` must be a list of numbers, but it holds \(elements)"
    }
    static var caseNeedsAPair: Self { "needs at least one condition and its value: `case(c1, v1, c2, v2, …, default: v)`" }
    static var coalesceNeedsAValue: Self { "needs at least one value: `coalesce(a, b, …)`" }
    /// `which`: " (element 3)" when the text is one of a list, else empty.
    static func emptyTextToReplace(_ which: String) -> Self { "the text to replace must not be empty\(which)" }
    static var dateArguments: Self {
        "give the year, `month` and `day` together (`date(2024, 4, 1)`), or one \"YYYY-MM-DD\" text"
    }
    static func sortListHolds(_ elements: String) -> Self {
        "`sort` needs a list of numbers or of strings, but the list holds \(elements)"
    }
    static func predicateNotBool(_ typeName: String, element: Int) -> Self {
        "the function must return true or false, but returned \(article(typeName)) for element \(element)"
    }
    static var emptySeparator: Self { "the separator must not be empty" }
    static func joinElementType(element: Int, _ typeName: String) -> Self {
        "`join` needs a list of strings or numbers, but element \(element) is \(article(typeName))"
    }
    static func badSeed(_ seed: Double) -> Self {
        "`seed` must be a whole number from 0 to 2^63 − 1, not \(NumberFormat.shortest(seed))"
    }

    // MARK: series built-ins (`rank`, windows, running totals)

    static func unknownTieMethod(_ given: String, known: String) -> Self { "`ties` must be \(known), not \(quoted(given))" }
    static func rankableListHolds(_ elements: String) -> Self {
        "`xs` must be a list of numbers, strings or bools, but it holds \(elements)"
    }
    static func badWindowSize(_ size: Double) -> Self {
        "the window `n` must be a whole number of at least 1, not \(NumberFormat.shortest(size))"
    }
    static func seriesNeedsNumbers(_ function: String, _ elements: String) -> Self {
        "`\(function)` needs numbers, but `xs` holds \(elements)"
    }
    static func runningProductTooLarge(atElement i: Int) -> Self {
        "the running product is too large to represent (at element \(i))"
    }

    // MARK: table construction, sorting and joining

    /// `parts`: "lacks `a`", "has extra `b`", "repeats a key".
    static func recordKeysDiffer(_ keys: [String], record: Int, _ parts: [String]) -> Self {
        "every record must have the keys of the first one (\(keys.map { "`\($0)`" }.joined(separator: ", "))), but record \(record) \(parts.joined(separator: " and "))"
    }
    static func descCountMismatch(_ flags: Int, columns: Int) -> Self {
        "`desc` has \(flags) value\(flags == 1 ? "" : "s") for \(columns) sort column\(columns == 1 ? "" : "s")"
    }
    static func joinArgumentOnList(_ parameter: String) -> Self {
        "`\(parameter)` is for joining tables, but the first argument is a list"
    }

    // MARK: reshaping (`pivot_wider`, `pivot_longer`, `bind_cols`)

    static func namesAndValuesFromSame(_ column: String) -> Self {
        "`names_from` and `values_from` are both `\(column)`; name two different columns"
    }
    /// `role`: "names_from" or "values_from".
    static func pivotColumnAsID(_ name: String, role: String) -> Self {
        "`\(name)` is the `\(role)` column; it cannot also be an `id` column"
    }
    /// `parameter`: "id", "cols".
    static func columnTwiceIn(_ name: String, _ parameter: String) -> Self { "column `\(name)` is named twice in `\(parameter)`" }
    /// `cell`: the id and name columns' values at the second row ("`k` = \"a\", `j` = 1").
    static func pivotDuplicateCell(rows first: Int, _ second: Int, cell: String) -> Self {
        "rows \(first) and \(second) both give the cell where \(cell); each cell takes one row (combine them first, e.g. with `group`)"
    }
    /// `what`: "the crossed table"; `limit`: the memory limit as text ("512 MB").
    static func reshapeOverMemoryLimit(_ what: String, count: String, _ noun: String, limit: String) -> Self {
        "\(what) would have \(count) \(noun), more than fit in the memory limit of \(limit)"
    }
    static func pivotNameClash(_ namesFrom: String, _ name: String, like what: String) -> Self {
        "a value of `\(namesFrom)` would name a new column `\(name)`, like \(what); rename first"
    }
    static var pivotLongerNeedsColumns: Self { "name at least one column to turn into rows" }
    static func namesAndValuesToSame(_ name: String) -> Self {
        "`names_to` and `values_to` are both `\(name)`; the result needs two columns"
    }
    static func pivotColumnsOfDifferentTypes(_ column: String, _ type: String, _ first: String, _ firstType: String) -> Self {
        "the listed columns must share a type, but `\(column)` holds \(type)s and `\(first)` holds \(firstType)s"
    }
    /// `list`: the shared names, each in backquotes.
    static func sharedColumns(_ list: String, count: Int) -> Self {
        "both tables have the column\(count == 1 ? "" : "s") \(list); rename or drop \(count == 1 ? "it" : "them") in one first"
    }
}
