import Testing
@testable import Language

// The lexer on its own: every token with the UTF-8 range the lexer reports, and every
// lexing error with its UTF-8 offset. Expectations are literal text written by
// `tokenText` below (numbers and strings through the tests' own `ValueText`).

/// A token as test text: its kind, then `@start-end` (UTF-8 offsets).
/// Kinds: `1.5` (number), `"a"` (string), `x` (name), `kw:if` (keyword), the symbol for
/// punctuation, `nl` for a newline, `eof` for the end.
func tokenText(_ token: Token) -> String {
    let kind: String
    switch token.kind {
    case .number(let x): kind = ValueText.number(x)
    case .string(let s): kind = ValueText.string(s)
    case .identifier(let name): kind = name
    case .notebookName(let name): kind = "@" + name
    case .kwFn: kind = "kw:fn"
    case .kwIf: kind = "kw:if"
    case .kwElse: kind = "kw:else"
    case .kwFor: kind = "kw:for"
    case .kwIn: kind = "kw:in"
    case .kwAnd: kind = "kw:and"
    case .kwOr: kind = "kw:or"
    case .kwNot: kind = "kw:not"
    case .kwTrue: kind = "kw:true"
    case .kwFalse: kind = "kw:false"
    case .kwNull: kind = "kw:null"
    case .leftParen: kind = "("
    case .rightParen: kind = ")"
    case .leftBracket: kind = "["
    case .rightBracket: kind = "]"
    case .leftBrace: kind = "{"
    case .rightBrace: kind = "}"
    case .comma: kind = ","
    case .semicolon: kind = ";"
    case .colon: kind = ":"
    case .dot: kind = "."
    case .dotDot: kind = ".."
    case .equal: kind = "="
    case .arrow: kind = "=>"
    case .pipe: kind = "|>"
    case .plus: kind = "+"
    case .minus: kind = "-"
    case .star: kind = "*"
    case .slash: kind = "/"
    case .caret: kind = "^"
    case .equalEqual: kind = "=="
    case .bangEqual: kind = "!="
    case .less: kind = "<"
    case .lessEqual: kind = "<="
    case .greater: kind = ">"
    case .greaterEqual: kind = ">="
    case .newline: kind = "nl"
    case .endOfInput: kind = "eof"
    }
    return "\(kind)@\(token.range.start)-\(token.range.end)"
}

/// All tokens of `source` as one line of text, and its errors as `offset: message`.
func lexed(_ source: String, start: Int = 0, end: Int? = nil) -> (tokens: String, errors: [String]) {
    let (tokens, errors) = Lexer.tokenize(source, start: start, end: end)
    return (tokens.map(tokenText).joined(separator: " "), errors.map { "\($0.offset): \($0.message)" })
}

/// Sources that lex without error, and their tokens.
let tokenCases: [(source: String, tokens: String)] = [
    ("", "eof@0-0"),
    ("x = 1", "x@0-1 =@2-3 1@4-5 eof@5-5"),
    ("  total_2 = _a1\t+ B", "total_2@2-9 =@10-11 _a1@12-15 +@16-17 B@18-19 eof@19-19"),
    // Numbers: integers, decimals, separators between digits, exponents.
    ("0 42 3.25 0.5", "0@0-1 42@2-4 3.25@5-9 0.5@10-13 eof@13-13"),
    ("1_000_000", "1000000@0-9 eof@9-9"),
    ("1_0.2_5", "10.25@0-7 eof@7-7"),
    ("1e6 2E3 1.5e-3 2e+2", "1000000@0-3 2000@4-7 0.0015@8-14 200@15-19 eof@19-19"),
    ("1e308", "1e308@0-5 eof@5-5"),
    // Percent literals divide by 100; the `%` belongs to the number's range.
    ("5% 2.5% 100% 1_000%", "0.05@0-2 0.025@3-7 1@8-12 10@13-19 eof@19-19"),
    // `..` after a number is a range, not a decimal point; `1.` is a number then `.`.
    ("1..5", "1@0-1 ..@1-3 5@3-4 eof@4-4"),
    ("1.x", "1@0-1 .@1-2 x@2-3 eof@3-3"),
    ("a.b", "a@0-1 .@1-2 b@2-3 eof@3-3"),
    // Strings: the value is unescaped; the range covers the quotes (UTF-8 bytes).
    ("\"\"", "\"\"@0-2 eof@2-2"),
    (#""a\"b\\c\nd\te""#, #""a\"b\\c\nd\te"@0-15 eof@15-15"#),
    (#""\u{48}\u{e9}\u{1F600}""#, #""Hé😀"@0-23 eof@23-23"#),
    // Multi-byte characters in strings and comments: offsets count UTF-8 bytes.
    (#""héllo" + x"#, #""héllo"@0-8 +@9-10 x@11-12 eof@12-12"#),
    (#""😀"[0]"#, #""😀"@0-6 [@6-7 0@7-8 ]@8-9 eof@9-9"#),
    ("a # ünïcode → comment\nb", "a@0-1 nl@25-26 b@26-27 eof@27-27"),
    ("# only a comment", "eof@16-16"),
    // Newlines are tokens (statement ends); spaces, tabs and carriage returns are not.
    ("a\r\nb\n\nc", "a@0-1 nl@2-3 b@3-4 nl@4-5 nl@5-6 c@6-7 eof@7-7"),
    // Every keyword; words that merely start like one are names.
    ("fn if else for in and or not true false null", "kw:fn@0-2 kw:if@3-5 kw:else@6-10 kw:for@11-14 kw:in@15-17 kw:and@18-21 kw:or@22-24 kw:not@25-28 kw:true@29-33 kw:false@34-39 kw:null@40-44 eof@44-44"),
    ("fns iff nulls in_ Fn", "fns@0-3 iff@4-7 nulls@8-13 in_@14-17 Fn@18-20 eof@20-20"),
    // Every operator and punctuation mark; the longest match wins.
    ("( ) [ ] { } , ; : . ..", "(@0-1 )@2-3 [@4-5 ]@6-7 {@8-9 }@10-11 ,@12-13 ;@14-15 :@16-17 .@18-19 ..@20-22 eof@22-22"),
    ("= => == != < <= > >= |>", "=@0-1 =>@2-4 ==@5-7 !=@8-10 <@11-12 <=@13-15 >@16-17 >=@18-20 |>@21-23 eof@23-23"),
    ("+ - * / ^", "+@0-1 -@2-3 *@4-5 /@6-7 ^@8-9 eof@9-9"),
    ("a==-b", "a@0-1 ==@1-3 -@3-4 b@4-5 eof@5-5"),
    ("x=>x", "x@0-1 =>@1-3 x@3-4 eof@4-4"),
    ("...", "..@0-2 .@2-3 eof@3-3"),
    // A minus is its own token: `-3` is two tokens (the parser folds them).
    ("-3", "-@0-1 3@1-2 eof@2-2"),
]

@Test(arguments: tokenCases)
func tokens(_ source: String, _ expected: String) {
    let (tokens, errors) = lexed(source)
    #expect(tokens == expected, "\(source)")
    #expect(errors.isEmpty, "\(source): \(errors)")
}

/// Sources with lexing errors: the tokens the lexer still makes, and each error as
/// `offset: message`.
let lexErrorCases: [(source: String, tokens: String, errors: [String])] = [
    // Unexpected characters are skipped whole (a multi-byte one too) and lexing goes on.
    ("a $ b", "a@0-1 b@4-5 eof@5-5", ["2: unexpected character `$`"]),
    ("a € b", "a@0-1 b@6-7 eof@7-7", ["2: unexpected character `€`"]),
    ("!x", "x@1-2 eof@2-2", ["0: unexpected character `!` (use `not` or `!=`)"]),
    ("a | b", "a@0-1 b@4-5 eof@5-5", ["2: unexpected character `|` (did you mean `|>`?)"]),
    ("1 % 2", "1@0-1 2@4-5 eof@5-5", ["2: unexpected character `%`"]),
    // Non-ASCII letters join the name (so one error names the whole word), at the
    // offset of the first such letter.
    ("café = 1", "café@0-5 =@6-7 1@8-9 eof@9-9", ["3: `café`: names may only use the letters A-Z and a-z, digits and `_`"]),
    ("émile", "émile@0-6 eof@6-6", ["0: `émile`: names may only use the letters A-Z and a-z, digits and `_`"]),
    // A letter right after a number: one error, the letters are skipped with the number.
    ("3x + 1", "3@0-2 +@3-4 1@5-6 eof@6-6", ["1: a number must not be followed directly by a letter"]),
    ("1e", "1@0-2 eof@2-2", ["1: a number must not be followed directly by a letter"]),
    ("1e+", "1@0-2 +@2-3 eof@3-3", ["1: a number must not be followed directly by a letter"]),
    // `_` only separates digits; a trailing one starts a word.
    ("1_", "1@0-2 eof@2-2", ["1: a number must not be followed directly by a letter"]),
    ("1__0", "1@0-4 eof@4-4", ["1: a number must not be followed directly by a letter"]),
    ("5%x", "0.05@0-3 eof@3-3", ["2: a number must not be followed directly by a letter"]),
    ("1e400", "0@0-5 eof@5-5", ["0: number is too large"]),
    // Strings: unterminated at the end of the line or cell; a bad escape is reported and
    // its backslash and next character dropped.
    (#""abc"#, #""abc"@0-4 eof@4-4"#, [#"0: unterminated string: a `"` is missing before the end of the line"#]),
    ("x = \"ab\ncd\"", #"x@0-1 =@2-3 "ab"@4-7 nl@7-8 cd@8-10 ""@10-11 eof@11-11"#,
     [#"4: unterminated string: a `"` is missing before the end of the line"#, #"10: unterminated string: a `"` is missing before the end of the line"#]),
    (#""a\qb""#, #""ab"@0-6 eof@6-6"#, [#"2: unknown escape `\q`; use \" \\ \n \t or \u{XXXX}"#]),
    ("\"\\\u{1}\"", "\"\"@0-4 eof@4-4", [#"1: unknown escape `\?`; use \" \\ \n \t or \u{XXXX}"#]),
    (#""a\"#, #""a"@0-3 eof@3-3"#,
     // The errors in the order found (the parser sorts them by offset).
     [#"2: unknown escape `\?`; use \" \\ \n \t or \u{XXXX}"#, #"0: unterminated string: a `"` is missing before the end of the line"#]),
    (#""\u{}x""#, #""{}x"@0-7 eof@7-7"#, [#"1: invalid escape: `\u{` needs 1 to 8 hex digits of a Unicode scalar and a closing `}`"#]),
    (#""\u{110000}""#, #""{110000}"@0-12 eof@12-12"#, [#"1: invalid escape: `\u{` needs 1 to 8 hex digits of a Unicode scalar and a closing `}`"#]),
    (#""\u{D800}""#, #""{D800}"@0-10 eof@10-10"#, [#"1: invalid escape: `\u{` needs 1 to 8 hex digits of a Unicode scalar and a closing `}`"#]),
    (#""\u{48""#, #""{48"@0-7 eof@7-7"#, [#"1: invalid escape: `\u{` needs 1 to 8 hex digits of a Unicode scalar and a closing `}`"#]),
    (#""\u48""#, #""48"@0-6 eof@6-6"#, [#"1: unknown escape `\u`; use \" \\ \n \t or \u{XXXX}"#]),
    // Several errors, in source order.
    ("$ 1x @", "1@2-4 eof@6-6", ["0: unexpected character `$`", "3: a number must not be followed directly by a letter", "5: `@` must be followed by a notebook name, as in `@rate`"]),
]

@Test(arguments: lexErrorCases)
func lexErrors(_ source: String, _ expectedTokens: String, _ expectedErrors: [String]) {
    let (tokens, errors) = lexed(source)
    #expect(tokens == expectedTokens, "\(source)")
    #expect(errors == expectedErrors, "\(source)")
}

/// An inline expression is lexed in place: offsets stay those of the whole text, and
/// nothing outside `start..<end` is read.
@Test func lexesASliceWithTheWholeTextsOffsets() {
    let text = "Total: {{ a + 1 }} and \"x"
    let (tokens, errors) = lexed(text, start: 9, end: 16)
    #expect(tokens == "a@10-11 +@12-13 1@14-15 eof@16-16")
    #expect(errors.isEmpty)
    // A string cut by the slice's end is unterminated at the slice's end.
    #expect(lexed("{{ \"ab }} \"", start: 2, end: 7) == (tokens: #""ab "@3-7 eof@7-7"#, errors: [#"3: unterminated string: a `"` is missing before the end of the line"#]))
}

/// Token descriptions, as parse errors quote them ("found …").
@Test(arguments: [
    (TokenKind.number(1), "a number"), (.string("s"), "a string"), (.identifier("x"), "`x`"),
    (.kwElse, "`else`"), (.rightParen, "`)`"), (.dotDot, "`..`"), (.arrow, "`=>`"), (.pipe, "`|>`"),
    (.bangEqual, "`!=`"), (.newline, "end of line"), (.endOfInput, "end of cell"),
])
func tokenDescription(_ kind: TokenKind, _ text: String) {
    #expect(kind.description == text)
}
