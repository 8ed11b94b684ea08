import NotebookFormat

/// A syntax error at a UTF-8 offset of the cell text.
struct ParseError: Error, Sendable {
    var message: String
    var offset: Int
}

/// Recursive-descent parser with precedence levels (SPEC §2). It recovers at statement
/// boundaries so one cell can report several errors.
struct Parser {
    /// Maximum nesting of brackets, unary operators, calls and blocks, and the maximum
    /// height of any expression tree. Deeper input is a clean error, never a stack overflow.
    static let maxDepth = 200

    private var tokens: [Token]
    private var index = 0
    /// `true` inside `( )`, `[ ]` and record `{ }`: newlines are not statement ends there.
    private var newlinesIgnored: [Bool] = [false]
    private var depth = 0
    private(set) var errors: [ParseError] = []

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Parses a whole cell (or inline expression) into statements, with every error found.
    static func parse(_ text: String, start: Int = 0, end: Int? = nil) -> (statements: [Stmt], errors: [ParseError]) {
        let (tokens, lexErrors) = Lexer.tokenize(text, start: start, end: end)
        var parser = Parser(tokens: tokens)
        let statements = parser.parseStatements(closingBrace: false)
        var errors = lexErrors.map { ParseError(message: $0.message, offset: $0.offset) }
        errors.append(contentsOf: parser.errors)
        errors.sort { $0.offset < $1.offset }
        return (statements, errors)
    }

    // MARK: Tokens

    private var current: Token {
        mutating get {
            if newlinesIgnored.last == true {
                while tokens[index].kind == .newline { index += 1 }
            }
            return tokens[index]
        }
    }

    private var kind: TokenKind {
        mutating get { current.kind }
    }

    @discardableResult
    private mutating func advance() -> Token {
        let token = current
        if token.kind != .endOfInput { index += 1 }
        return token
    }

    private mutating func skipNewlines() {
        while tokens[index].kind == .newline { index += 1 }
    }

    private mutating func expect(_ expected: TokenKind, _ what: String) throws(ParseError) -> Token {
        let token = current
        guard token.kind == expected else {
            throw ParseError(.expected(what, found: token.kind.description), at: token.range.start)
        }
        return advance()
    }

    private mutating func enter(at offset: Int) throws(ParseError) {
        depth += 1
        if depth > Parser.maxDepth {
            throw ParseError(.nestedTooDeeply, at: offset)
        }
    }

    private func node(_ kind: ExprKind, _ start: Int, _ end: Int, _ children: Expr...) throws(ParseError) -> Expr {
        let height = 1 + (children.map(\.height).max() ?? 0)
        if height > Parser.maxDepth {
            throw ParseError(.nestedTooDeeply, at: start)
        }
        return Expr(kind, SourceRange(start: start, end: end), height: height)
    }

    private func blockHeight(_ statements: [Stmt]) -> Int {
        statements.map { statement -> Int in
            switch statement {
            case .assign(_, _, let value): value.height
            case .expression(let expr): expr.height
            case .function(let decl): blockHeight(decl.body) + 1
            }
        }.max() ?? 0
    }

    // MARK: Statements

    /// Statements until `}` (when `closingBrace`) or the end of input. Errors are recorded
    /// and parsing resumes at the next statement boundary.
    mutating func parseStatements(closingBrace: Bool) -> [Stmt] {
        var statements: [Stmt] = []
        let modeDepth = newlinesIgnored.count
        let savedDepth = depth
        while true {
            while tokens[index].kind == .newline || tokens[index].kind == .semicolon { index += 1 }
            let token = tokens[index]
            if token.kind == .endOfInput { break }
            if closingBrace, token.kind == .rightBrace { break }
            do throws(ParseError) {
                let statement = try parseStatement()
                statements.append(statement)
                let next = tokens[index]
                switch next.kind {
                case .newline, .semicolon, .endOfInput: break
                case .rightBrace where closingBrace: break
                case .equal:
                    throw ParseError(.onlyNamesAssignable, at: next.range.start)
                default:
                    throw ParseError(.expected("the end of the statement (a new line or `;`)", found: next.kind.description), at: next.range.start)
                }
            } catch {
                errors.append(error)
                newlinesIgnored.removeSubrange(modeDepth...)
                depth = savedDepth
                recover(closingBrace: closingBrace)
            }
        }
        return statements
    }

    /// Skips to the next newline or `;` outside brackets (or the block's `}`).
    private mutating func recover(closingBrace: Bool) {
        var nesting = 0
        while true {
            let kind = tokens[index].kind
            switch kind {
            case .endOfInput: return
            case .newline where nesting <= 0, .semicolon where nesting <= 0: return
            case .leftParen, .leftBracket, .leftBrace: nesting += 1
            case .rightParen, .rightBracket: nesting -= 1
            case .rightBrace:
                if nesting <= 0, closingBrace { return }
                nesting -= 1
            default: break
            }
            index += 1
        }
    }

    private mutating func parseStatement() throws(ParseError) -> Stmt {
        let token = current
        if token.kind == .kwFn {
            return .function(try parseFunction())
        }
        if case .identifier(let name) = token.kind, tokens[index + 1].kind == .equal {
            advance()
            advance()
            skipNewlines()
            let value = try parseExpression()
            return .assign(name: name, nameRange: token.range, value: value)
        }
        return .expression(try parseExpression())
    }

    private mutating func parseFunction() throws(ParseError) -> FunctionDecl {
        let fnToken = advance()
        let nameToken = current
        guard case .identifier(let name) = nameToken.kind else {
            throw ParseError(.expected("the function's name after `fn`", found: nameToken.kind.description), at: nameToken.range.start)
        }
        advance()
        _ = try expect(.leftParen, "`(` after the function name")
        let parameters = try parseParameterList(allowDefaults: true)
        let body: [Stmt]
        let end: Int
        if kind == .equal {
            advance()
            skipNewlines()
            let expr = try parseExpression()
            body = [.expression(expr)]
            end = expr.range.end
        } else if kind == .leftBrace {
            let (statements, closing) = try parseBlock()
            body = statements
            end = closing
        } else {
            throw ParseError(.expected("`=` or `{` after the parameters of `\(name)`", found: current.kind.description), at: current.range.start)
        }
        if blockHeight(body) + 1 > Parser.maxDepth {
            throw ParseError(.nestedTooDeeply, at: fnToken.range.start)
        }
        return FunctionDecl(name: name, nameRange: nameToken.range, parameters: parameters, body: body,
                            range: SourceRange(start: fnToken.range.start, end: end))
    }

    /// After `(`: names (with defaults when allowed) up to `)`.
    private mutating func parseParameterList(allowDefaults: Bool) throws(ParseError) -> [ParameterDecl] {
        newlinesIgnored.append(true)
        var parameters: [ParameterDecl] = []
        while kind != .rightParen {
            let token = current
            guard case .identifier(let name) = token.kind else {
                throw ParseError(.expected("a parameter name", found: token.kind.description), at: token.range.start)
            }
            if parameters.contains(where: { $0.name == name }) {
                throw ParseError(.parameterDeclaredTwice(name), at: token.range.start)
            }
            advance()
            var defaultValue: Expr?
            if kind == .equal {
                guard allowDefaults else {
                    throw ParseError(.lambdaParameterDefault, at: current.range.start)
                }
                advance()
                defaultValue = try parseExpression()
            } else if parameters.last?.defaultValue != nil {
                throw ParseError(.parameterNeedsDefault(name), at: token.range.start)
            }
            parameters.append(ParameterDecl(name: name, range: token.range, defaultValue: defaultValue))
            if kind == .comma {
                advance()
            } else if kind != .rightParen {
                throw ParseError(.expected("`,` or `)` in the parameter list", found: current.kind.description), at: current.range.start)
            }
        }
        newlinesIgnored.removeLast()
        advance()
        return parameters
    }

    /// `{ statements }`; returns the statements and the offset just past `}`.
    private mutating func parseBlock() throws(ParseError) -> ([Stmt], Int) {
        let open = try expect(.leftBrace, "`{`")
        try enter(at: open.range.start)
        newlinesIgnored.append(false)
        let errorCount = errors.count
        let statements = parseStatements(closingBrace: true)
        newlinesIgnored.removeLast()
        depth -= 1
        let close = current
        guard close.kind == .rightBrace else {
            if errors.count > errorCount, let last = errors.popLast() { throw last }
            throw ParseError(.unclosedBlock, at: open.range.start)
        }
        advance()
        return (statements, close.range.end)
    }

    // MARK: Expressions (lowest precedence first)

    mutating func parseExpression() throws(ParseError) -> Expr {
        try enter(at: current.range.start)
        defer { depth -= 1 }
        var left = try parseOr()
        while true {
            // A line starting with `|>` continues the statement.
            if tokens[index].kind == .newline {
                var ahead = index
                while tokens[ahead].kind == .newline { ahead += 1 }
                if tokens[ahead].kind == .pipe { index = ahead }
            }
            guard kind == .pipe else { break }
            advance()
            skipNewlines()
            let target = try parsePostfix()
            if case .call(let callee, var arguments) = target.kind {
                arguments.insert(Argument(label: nil, labelRange: nil, value: left), at: 0)
                left = try node(.call(callee, arguments), left.range.start, target.range.end, target, left)
            } else {
                left = try node(.call(target, [Argument(label: nil, labelRange: nil, value: left)]),
                                left.range.start, target.range.end, target, left)
            }
        }
        return left
    }

    private mutating func parseOr() throws(ParseError) -> Expr {
        var left = try parseAnd()
        while kind == .kwOr {
            let op = advance()
            skipNewlines()
            let right = try parseAnd()
            left = try node(.binary(.or, left, right, operatorRange: op.range), left.range.start, right.range.end, left, right)
        }
        return left
    }

    private mutating func parseAnd() throws(ParseError) -> Expr {
        var left = try parseNot()
        while kind == .kwAnd {
            let op = advance()
            skipNewlines()
            let right = try parseNot()
            left = try node(.binary(.and, left, right, operatorRange: op.range), left.range.start, right.range.end, left, right)
        }
        return left
    }

    private mutating func parseNot() throws(ParseError) -> Expr {
        if kind == .kwNot {
            let op = advance()
            try enter(at: op.range.start)
            defer { depth -= 1 }
            let operand = try parseNot()
            return try node(.unary(.not, operand), op.range.start, operand.range.end, operand)
        }
        return try parseComparison()
    }

    private static func comparison(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .equalEqual: .equal
        case .bangEqual: .notEqual
        case .less: .less
        case .lessEqual: .lessEqual
        case .greater: .greater
        case .greaterEqual: .greaterEqual
        default: nil
        }
    }

    private mutating func parseComparison() throws(ParseError) -> Expr {
        let left = try parseRange()
        guard let op = Parser.comparison(kind) else { return left }
        let opToken = advance()
        skipNewlines()
        let right = try parseRange()
        if Parser.comparison(kind) != nil {
            throw ParseError(.chainedComparison, at: current.range.start)
        }
        return try node(.binary(op, left, right, operatorRange: opToken.range), left.range.start, right.range.end, left, right)
    }

    private mutating func parseRange() throws(ParseError) -> Expr {
        let left = try parseAdditive()
        guard kind == .dotDot else { return left }
        let op = advance()
        skipNewlines()
        let right = try parseAdditive()
        return try node(.binary(.range, left, right, operatorRange: op.range), left.range.start, right.range.end, left, right)
    }

    private mutating func parseAdditive() throws(ParseError) -> Expr {
        var left = try parseMultiplicative()
        while kind == .plus || kind == .minus {
            let op = advance()
            skipNewlines()
            let right = try parseMultiplicative()
            left = try node(.binary(op.kind == .plus ? .add : .subtract, left, right, operatorRange: op.range),
                            left.range.start, right.range.end, left, right)
        }
        return left
    }

    private mutating func parseMultiplicative() throws(ParseError) -> Expr {
        var left = try parseUnary()
        while kind == .star || kind == .slash {
            let op = advance()
            skipNewlines()
            let right = try parseUnary()
            left = try node(.binary(op.kind == .star ? .multiply : .divide, left, right, operatorRange: op.range),
                            left.range.start, right.range.end, left, right)
        }
        return left
    }

    private mutating func parseUnary() throws(ParseError) -> Expr {
        if kind == .minus {
            let op = advance()
            try enter(at: op.range.start)
            defer { depth -= 1 }
            let operand = try parseUnary()
            // Fold `-literal` so that constants stay constants.
            if case .number(let value) = operand.kind {
                return Expr(.number(-value), SourceRange(start: op.range.start, end: operand.range.end))
            }
            return try node(.unary(.negate, operand), op.range.start, operand.range.end, operand)
        }
        return try parsePower()
    }

    private mutating func parsePower() throws(ParseError) -> Expr {
        let base = try parsePostfix()
        guard kind == .caret else { return base }
        let op = advance()
        skipNewlines()
        try enter(at: op.range.start)
        defer { depth -= 1 }
        let exponent = try parseUnary() // right-associative; `2^-1` works
        return try node(.binary(.power, base, exponent, operatorRange: op.range), base.range.start, exponent.range.end, base, exponent)
    }

    private mutating func parsePostfix() throws(ParseError) -> Expr {
        var expr = try parsePrimary()
        while true {
            switch tokens[index].kind { // a newline ends postfix chains, even inside brackets
            case .leftParen:
                advance()
                newlinesIgnored.append(true)
                var arguments: [Argument] = []
                var sawLabel = false
                while kind != .rightParen {
                    let token = current
                    // `name: value`, or `"Any text": value` for names that are not identifiers
                    // (column names with spaces, `with(t, "Per head": spend / pop)`).
                    if let label = token.kind.argumentLabel, tokens[index + 1].kind == .colon {
                        if arguments.contains(where: { $0.label == label }) {
                            throw ParseError(.argumentGivenTwice(label), at: token.range.start)
                        }
                        advance()
                        advance()
                        let value = try parseExpression()
                        arguments.append(Argument(label: label, labelRange: token.range, value: value))
                        sawLabel = true
                    } else {
                        if sawLabel {
                            throw ParseError(.positionalAfterNamed, at: token.range.start)
                        }
                        arguments.append(Argument(label: nil, labelRange: nil, value: try parseExpression()))
                    }
                    if kind == .comma {
                        advance()
                    } else if kind != .rightParen {
                        throw ParseError(.expected("`,` or `)` after an argument", found: current.kind.description), at: current.range.start)
                    }
                }
                newlinesIgnored.removeLast()
                let close = advance()
                let heights = arguments.map(\.value.height).max() ?? 0
                let height = max(heights, expr.height) + 1
                if height > Parser.maxDepth {
                    throw ParseError(.nestedTooDeeply, at: expr.range.start)
                }
                expr = Expr(.call(expr, arguments), SourceRange(start: expr.range.start, end: close.range.end), height: height)
            case .leftBracket:
                advance()
                newlinesIgnored.append(true)
                let subscriptExpr = try parseExpression()
                let close = try expect(.rightBracket, "`]` after the index")
                newlinesIgnored.removeLast()
                expr = try node(.index(expr, subscriptExpr), expr.range.start, close.range.end, expr, subscriptExpr)
            case .dot:
                advance()
                let nameToken = tokens[index]
                guard case .identifier(let name) = nameToken.kind else {
                    throw ParseError(.expected("a name after `.`", found: nameToken.kind.description), at: nameToken.range.start)
                }
                index += 1
                expr = try node(.member(expr, name, nameRange: nameToken.range), expr.range.start, nameToken.range.end, expr)
            default:
                return expr
            }
        }
    }

    /// Whether the `(` at `index` starts a lambda's parameter list: `(a, b) =>`.
    private func isLambdaParameterList() -> Bool {
        var ahead = index + 1
        while true {
            switch tokens[ahead].kind {
            case .identifier, .comma, .newline: ahead += 1
            case .rightParen:
                ahead += 1
                while tokens[ahead].kind == .newline { ahead += 1 }
                return tokens[ahead].kind == .arrow
            default: return false
            }
        }
    }

    private mutating func parsePrimary() throws(ParseError) -> Expr {
        let token = current
        let start = token.range.start
        switch token.kind {
        case .number(let value):
            advance()
            return Expr(.number(value), token.range)
        case .string(let value):
            advance()
            return Expr(.string(value), token.range)
        case .kwTrue, .kwFalse:
            advance()
            return Expr(.bool(token.kind == .kwTrue), token.range)
        case .kwNull:
            advance()
            return Expr(.null, token.range)
        case .notebookName(let name):
            advance()
            return Expr(.notebookName(name), token.range)
        case .identifier(let name):
            advance()
            // `x => …`, also with the `=>` on the next line inside brackets; looked at
            // without consuming newlines, which end a postfix chain after a name (`(f\n(1))`).
            var ahead = index
            if newlinesIgnored.last == true { while tokens[ahead].kind == .newline { ahead += 1 } }
            if tokens[ahead].kind == .arrow {
                index = ahead
                advance()
                skipNewlines()
                let body = try parseExpression()
                return try node(.lambda(parameters: [ParameterDecl(name: name, range: token.range)], body: body),
                                start, body.range.end, body)
            }
            return Expr(.name(name), token.range)
        case .leftParen:
            if isLambdaParameterList() {
                advance()
                let parameters = try parseParameterList(allowDefaults: false)
                skipNewlines() // `isLambdaParameterList` allowed newlines before the `=>`
                _ = try expect(.arrow, "`=>`")
                skipNewlines()
                let body = try parseExpression()
                return try node(.lambda(parameters: parameters, body: body), start, body.range.end, body)
            }
            advance()
            newlinesIgnored.append(true)
            var inner = try parseExpression()
            let close = try expect(.rightParen, "`)` to close the `(`")
            newlinesIgnored.removeLast()
            inner.range = SourceRange(start: start, end: close.range.end)
            return inner
        case .leftBracket:
            advance()
            newlinesIgnored.append(true)
            var elements: [Expr] = []
            while kind != .rightBracket {
                elements.append(try parseExpression())
                if kind == .comma {
                    advance()
                } else if kind != .rightBracket {
                    throw ParseError(.expected("`,` or `]` in the list", found: current.kind.description), at: current.range.start)
                }
            }
            newlinesIgnored.removeLast()
            let close = advance()
            return Expr(.list(elements), SourceRange(start: start, end: close.range.end),
                        height: (elements.map(\.height).max() ?? 0) + 1)
        case .leftBrace:
            advance()
            newlinesIgnored.append(true)
            var fields: [RecordField] = []
            while kind != .rightBrace {
                let keyToken = current
                let key: String
                switch keyToken.kind {
                case .identifier(let name): key = name
                case .string(let text): key = text
                default:
                    throw ParseError(.expected("a record key (a name or a string)", found: keyToken.kind.description), at: keyToken.range.start)
                }
                if fields.contains(where: { $0.key == key }) {
                    throw ParseError(.recordKeyGivenTwice(key), at: keyToken.range.start)
                }
                advance()
                _ = try expect(.colon, "`:` after the record key")
                let value = try parseExpression()
                fields.append(RecordField(key: key, keyRange: keyToken.range, value: value))
                if kind == .comma {
                    advance()
                } else if kind != .rightBrace {
                    throw ParseError(.expected("`,` or `}` in the record", found: current.kind.description), at: current.range.start)
                }
            }
            newlinesIgnored.removeLast()
            let close = advance()
            return Expr(.record(fields), SourceRange(start: start, end: close.range.end),
                        height: (fields.map(\.value.height).max() ?? 0) + 1)
        case .kwIf:
            return try parseIf()
        case .kwFor:
            advance()
            let variableToken = current
            guard case .identifier(let variable) = variableToken.kind else {
                throw ParseError(.expected("a loop variable name after `for`", found: variableToken.kind.description), at: variableToken.range.start)
            }
            advance()
            _ = try expect(.kwIn, "`in` after the loop variable")
            let sequence = try parseExpression()
            let (body, end) = try parseBlock()
            let height = max(sequence.height, blockHeight(body)) + 1
            if height > Parser.maxDepth {
                throw ParseError(.nestedTooDeeply, at: start)
            }
            return Expr(.forLoop(variable: variable, variableRange: variableToken.range, sequence: sequence, body: body),
                        SourceRange(start: start, end: end), height: height)
        case .kwFn:
            throw ParseError(.fnIsAStatement, at: start)
        default:
            throw ParseError(.expected("an expression", found: token.kind.description), at: start)
        }
    }

    private mutating func parseIf() throws(ParseError) -> Expr {
        let ifToken = advance()
        try enter(at: ifToken.range.start)
        defer { depth -= 1 }
        let condition = try parseExpression()
        let (thenBlock, thenEnd) = try parseBlock()
        var end = thenEnd
        var otherwise: [Stmt]?
        var ahead = index
        while tokens[ahead].kind == .newline { ahead += 1 }
        if tokens[ahead].kind == .kwElse {
            index = ahead + 1
            if kind == .kwIf {
                let nested = try parseIf()
                otherwise = [.expression(nested)]
                end = nested.range.end
            } else {
                let (elseBlock, elseEnd) = try parseBlock()
                otherwise = elseBlock
                end = elseEnd
            }
        }
        let height = max(condition.height, blockHeight(thenBlock), blockHeight(otherwise ?? [])) + 1
        if height > Parser.maxDepth {
            throw ParseError(.nestedTooDeeply, at: ifToken.range.start)
        }
        return Expr(.ifElse(condition: condition, then: thenBlock, otherwise: otherwise),
                    SourceRange(start: ifToken.range.start, end: end), height: height)
    }
}

private extension TokenKind {
    /// The label a token gives an argument when a `:` follows it.
    var argumentLabel: String? {
        switch self {
        case .identifier(let name), .string(let name): name
        default: nil
        }
    }
}
