/// Generates docs/language.md, the language reference, from the built-in registry and
/// the construct list below, so the documentation cannot drift from the implementation.
/// A test keeps the file equal to this output (`FOLIO_RECORD=1 swift test --filter
/// LanguageTests` rewrites it).
package enum LanguageReference {
    /// Each language construct with a one-line explanation and an example program.
    static let constructs: [(title: String, text: String, example: String)] = [
        ("Comments", "`#` starts a comment that runs to the end of the line.", "x = 1  # the base year"),
        ("Names", "Identifiers are `[A-Za-z_][A-Za-z0-9_]*`, case-sensitive. The keywords `fn if else for in and or not true false null` cannot be names.", "base_year = 2025\nBase_Year = base_year + 1"),
        ("Values", "A value is a number, string, bool, date, null, list, record, table, function or chart. There are no implicit conversions: `if` needs a bool, and `\"a\" + 1` is an error (convert with `str`).", "[1, \"a\", true, null, {k: 1}]"),
        ("Numbers", "IEEE doubles: `42`, `5.4`, `1e6`, `1_000_000` (underscores between digits). A number directly followed by `%` is a percent: `2%` is `0.02`.", "rate = 2.5%\nbudget = 1_250_000"),
        ("Strings", "`\"...\"` with the escapes `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{XXXX}`. `+` joins two strings; anything else must be converted with `str` first.", "fiscal = \"FY\" + str(2027)"),
        ("Bools and null", "`true`, `false`, `null`. `if` needs a bool; `null` is what empty CSV fields, `lag` padding and `if` without `else` give.", "flag = 3 > 2"),
        ("Dates", "A date is a calendar day: no time of day and no time zone (a timestamp such as `2024-04-01T10:00` is text, not a date). Make one with `date(\"2024-04-01\")` or `date(2024, 4, 1)`; an impossible date (`2024-02-30`, month 13) is an error naming it. A date shows as `2024-04-01` (in `{{ }}`, `str`, tables, CSV files and results.json). Dates compare with `== != < <= > >=` (element-wise, like numbers), sort, group and join; `b - a` is the number of days from `a` to `b`. `d + 1` is an error: write `add_days(d, 1)` or `add_months(d, 1)`, so the unit is never guessed. A CSV column whose every non-empty field is exactly `YYYY-MM-DD` is read as dates (`docs/tables.md`). Years run from 1 to 9999, proleptic Gregorian. `fmt(d, pattern)` and `format(t, col: pattern)` take date patterns: `yyyy` 2024, `yy` 24, `MMMM` April, `MMM` Apr, `MM` 04, `M` 4, `dd` 01, `d` 1, `EEEE` Monday, `EEE` Mon (English names); text in `\"…\"` and a character after `\\` are literal, other characters are copied; a pattern with both date letters and digit placeholders (`0`, `#`) is an error. Fiscal years: `fiscal_year(d, start_month: 4)` is Japan's convention (April to March, named by the year it starts in: 2025-03-31 is in FY2024); `fiscal_year(d, start_month: 10, named_by: \"end\")` the US federal one (October to September, named by the year it ends in: 2024-10-01 is in FY2025).", "d = date(\"2025-03-31\")\n[fiscal_year(d, start_month: 4), d - date(\"2025-01-01\")]"),
        ("Lists", "`[a, b, c]`; indexes are 0-based and negative ones count from the end: `xs[-1]` is the last element. `a..b` is the inclusive whole-number range (empty when `a > b`).", "xs = [10, 20, 30]\nxs[-1] + len(1..5)"),
        ("Records", "`{key: value, ...}` with keys in the order written; `r.key` or `r[\"key\"]` reads a key (a missing key is an error).", "nato = {members: 32, founded: 1949}\nnato.members"),
        ("Assignment", "`name = expr` binds a name. At a cell's top level the name is notebook-wide: later cells see it, and a later cell may rebind it. Built-in function names cannot be rebound, except those of the date functions (`date`, `year`, `month`, `day`, …), which a notebook may use as its own names (hiding the function there).", "total = 100\ntotal = total * 2"),
        ("Functions", "`fn name(a, b = default) = expr` or `fn name(a) { statements }`; the value is that of the last statement. Calls may name arguments: `f(1, b: 2)`, or, for a name that is not an identifier (a column name with spaces), with a string: `with(t, \"Per head\": spend / pop)`. Parameters and names assigned inside are local; functions read notebook names but cannot rebind them. Recursion is limited to 1,000 nested calls.", "fn share(part, whole = 100) = part / whole\nshare(25)"),
        ("Notebook names: @name", "`@name` always means the notebook-level `name` (a param, a data table, a name a cell binds, or a built-in), even where a table column or a function's local has the same name: `where(t, year > @start_year)`, as in pandas' `query`. Inside `with`, `where` and `group` arguments a column hides a notebook name of the same name; calling such a column, or passing it where a function was meant, is an error that says the name is the column's and suggests `@name`.", "start_year = 2020\nt = table(start_year: [2019, 2021], v: [1, 2])\nwhere(t, start_year > @start_year).v"),
        ("Lambdas", "`x => expr` and `(a, b) => expr` are function values; they see the names around them (closures).", "map([1, 2, 3], x => x * x)"),
        ("if", "`if c { ... } else if d { ... } else { ... }` is an expression; without `else` a false condition gives `null`. The condition must be a bool (a null condition is an error). The branches open no new scope.", "size = if 3 > 2 { \"big\" } else { \"small\" }"),
        ("for", "`for x in xs { ... }` runs the body for each element of a list (or each row record of a table); its value is `null`. The body opens no new scope: names assigned in it (and `x`) stay bound after the loop.", "s = 0\nfor i in 1..4 { s = s + i }\ns"),
        ("Pipes", "`x |> f(a)` means `f(x, a)`; `x |> f` means `f(x)`. A line starting with `|>` continues the statement above.", "[3, 1, 2]\n  |> sort\n  |> first"),
        ("Operators", "From lowest to highest precedence: `|>`, `or`, `and`, `not`, `== != < <= > >=` (not chained), `..`, `+ -`, `* /`, unary `-`, `^` (right-associative, so `-2^2` is `-4`), then calls `f(x)`, members `r.k` and indexes `xs[i]`. `and`/`or` skip their right side when the left bool decides the result.", "1 + 2 * 3 ^ 2"),
        ("Vectorization", "Arithmetic, comparison, `and`, `or` and `not` work element-wise when an operand is a list; a scalar is broadcast; two lists must have the same length. `==` on lists is element-wise; `equal(a, b)` compares whole values.", "[1, 2, 3] * 2 + 1"),
        ("Null", "Arithmetic and comparison with `null` give `null` (so `x == null` is `null`; test with `equal(x, null)`); aggregates skip nulls; `count` counts non-nulls.", "sum([1, null, 2] * 10)"),
        ("Statements and lines", "Statements are separated by new lines or `;`. A new line does not end a statement inside `( )`, `[ ]` or `{ }` records, after a binary operator, `,`, `=` or `=>`, or before a line starting with `|>`.", "x = 1 +\n    2; y = x * 2"),
        ("Errors", "Division by zero, a NaN or infinite result, an index out of range, a missing key or column, a wrong argument type or count, a list over 100,000,000 elements, or recursion deeper than 1,000 calls stops the cell with an error at the place it happened. An error inside a function also lists the calls that led there, innermost first, each with its `FILE:LINE:COL` (the innermost 20, then a count of the rest), in the terminal and in the report.", "check(1 < 2, \"order\")"),
        ("Cell outputs", "A code cell's outputs are, in order, those of its `show` and `print` calls, then the value of its last statement when that statement is an expression whose value is not `null`. Cells run once, top to bottom; parameters and `data` tables are bound before the first.", "print(\"checking\")\nshow(1, \"one\")\n1 + 1"),
        ("Inline expressions", "In Markdown cells, `{{ expr }}` is replaced by the value's text: numbers in the general format, strings as they are, bools `true`/`false`, null as nothing, a list as its elements joined by `, `. `\\{{` writes a literal `{{`.", "Spending grew {{ round(12.345, 1) }} percent."),
    ]

    /// The verbs of pandas and dplyr, and what Folio calls them.
    static let comingFrom = """
        ## Coming from pandas or dplyr

        | pandas | dplyr / tidyr | Folio |
        |---|---|---|
        | `df[df.x > 0]`, `df.query("x > @lo")` | `filter(df, x > 0)` | `where(t, x > 0)`, `where(t, x > @lo)` |
        | `df.assign(y=df.x * 2)` | `mutate(df, y = x * 2)` | `with(t, y: x * 2)` |
        | `df.groupby("k").x.transform("rank")` | `group_by(k) \\|> mutate(r = rank(x))` | `with(t, by: "k", r: rank(x))` |
        | `df.groupby("k").agg(s=("x", "sum"))` | `group_by(k) \\|> summarise(s = sum(x))` | `group(t, by: "k", s: sum(x))` |
        | `df.sort_values("x", ascending=False)` | `arrange(df, desc(x))` | `sort(t, "x", desc: true)` |
        | `df[["a", "b"]]`, `df.drop(columns="a")` | `select(df, a, b)`, `select(df, -a)` | `select(t, "a", "b")`, `drop(t, "a")` |
        | `df.rename(columns={"a": "b"})` | `rename(df, b = a)` | `rename(t, "a", "b")` |
        | `df.merge(o, on="k", how="left")` | `left_join(df, o, by = "k")` | `join(t, o, on: "k", how: "left")` |
        | `pd.concat([a, b])` | `bind_rows(a, b)` | `append(a, b)` |
        | `df.merge(o, how="cross")` | `cross_join(df, o)` | `cross(t, o)` |
        | `df.drop_duplicates()` | `distinct(df)` | `distinct(t)` |
        | `df.pivot(index="i", columns="n", values="v")` | `pivot_wider(df, names_from = n, values_from = v)` | `pivot_wider(t, names_from: "n", values_from: "v", id: "i")` |
        | `df.melt(id_vars="i")` | `pivot_longer(df, -i)` | `pivot_longer(t, cols: [...], names_to: "name", values_to: "value")` |
        | `np.where(c, a, b)` | `if_else(c, a, b)` | `if_else(c, a, b)` |
        | `np.select([c1, c2], [v1, v2], d)` | `case_when(c1 ~ v1, c2 ~ v2, .default = d)` | `case(c1, v1, c2, v2, default: d)` |
        | `s.fillna(o)`, `s.ffill()` | `coalesce(s, o)`, `fill(df, s)` | `coalesce(s, o)`, `fill_forward(s)` |
        | `s.shift(1)`, `s.shift(-1)` | `lag(s)`, `lead(s)` | `lag(s)`, `lead(s)` |
        | `s.rank(method="min")` | `min_rank(s)` | `rank(s)` |
        | `s.rolling(12).mean()` | `slider::slide_mean(s, before = 11)` | `rolling(s, 12, mean)` |
        | `s.cumsum()`, `s.cummax()` | `cumsum(s)`, `cummax(s)` | `cumsum(s)`, `cummax(s)` |
        | `s.str.contains("x", regex=False)` | `str_detect(s, fixed("x"))` | `contains_text(s, "x")` |
        | `s.str.contains(r"^N")`, `s.str.extract(r"(\\d+)")` | `str_detect(s, "^N")`, `str_extract(s, "\\\\d+")` | `matches(s, "^N")`, `extract(s, "(\\\\d+)")` |
        | `s.nunique()` | `n_distinct(s)` | `len(unique(s))` |


        """

    /// The characters of `fmt` / `format` number patterns (Tabular's `NumberPattern`;
    /// docs/tabular.md has the implementation's decisions).
    static let numberPatterns = """
        ## Number patterns

        `fmt(x, pattern)` and `format(t, col: pattern)` take the same patterns, written as
        spreadsheets write them. A pattern is up to three sections, `positive;negative;zero`;
        each is literal text, one number, literal text.

        | character | meaning |
        |---|---|
        | `0` | a digit, always shown: `fmt(5, "000")` → `005`, `fmt(0.5, "0.00")` → `0.50` |
        | `#` | a digit shown only when needed: `fmt(0.5, "#.00")` → `.50`; in the decimals after the `0`s: `fmt(12.3, "0.0#")` → `12.3`, `fmt(12.345, "0.0#")` → `12.35` |
        | `.` | the decimal point: the placeholders after it are the decimals |
        | `,` between integer digits | groups by thousands: `fmt(1234567, "#,##0")` → `1,234,567` |
        | `,` right after the last digit | divides by 1,000, once per comma: `fmt(12345678, "#,##0.0,,")` → `12.3` (millions), `fmt(45678, "#,##0,")` → `46` (thousands) |
        | `%` | multiplies by 100 (once; it is shown where written): `fmt(0.0213, "0.0%")` → `2.1%`; with scaling commas both apply |
        | `+` at the very start | forces a sign: `fmt(0.5, "+0.00")` → `+0.50`, `fmt(-0.5, "+0.00")` → `-0.50`; a value that rounds to zero has none: `fmt(0, "+0.0")` → `0.0` |
        | `;` | separates the sections `positive;negative;zero` (below) |
        | `"text"` | literal text, any characters: `fmt(12345678, "$#,##0.0,,\\"M\\"")` → `$12.3M` (in a folio string, write the quotes as `\\"`); a quote must be closed |
        | `\\` | makes the next character literal: `fmt(3, "0 \\\\%")` → `3 %` (in a folio string the backslash itself is written `\\\\`) |
        | anything else | copied as it is: `fmt(5.4, "¥0.0T")` → `¥5.4T` |

        Rounding is half away from zero on the shortest decimal text of the value, as
        `round` does (`fmt(1.005, "0.00")` → `1.01`). A negative value gets `-` in front of
        the whole text (`-¥5.4T`) unless the pattern has a negative section; a value that
        rounds to zero shows no sign (`fmt(-0.001, "0.00")` → `0.00`).

        **Sections**, as in spreadsheets:

        - one section: every value;
        - two, `positive;negative`: the second shows values below zero as their absolute
          value with its own literals, no `-`: `fmt(-1234, "#,##0;(#,##0)")` → `(1,234)`;
          zero is shown by the first;
        - three, `positive;negative;zero`: the third shows a value that is exactly zero
          (before rounding, as spreadsheets do): `fmt(0, "#,##0;(#,##0);\\"–\\"")` → `–`,
          while `fmt(0.001, "0.00;(0.00);\\"–\\"")` → `0.00`;
        - a negative value that rounds to zero in the negative section is shown as the first
          section shows 0, without parentheses: `fmt(-0.001, "0.00;(0.00)")` → `0.00` (a
          spreadsheet would show `(0.00)`);
        - the negative and zero sections may be literal text only (`"n/a"`) or empty: an
          empty section shows nothing (`0;;0` hides negatives); the first section needs a
          digit placeholder; at most three sections.

        A pattern that does not read (a second `.`, digits after literal text, a quote not
        closed, four sections…) is an error at the pattern argument that names the pattern
        (and, for `format`, the column) and says what is wrong.


        """

    package static func markdown() -> String {
        var out = """
        # The Folio language — reference

        <!-- Generated from Sources/Language (the built-in registry and Reference.swift).
             Do not edit: run `FOLIO_RECORD=1 swift test --filter LanguageTests` to regenerate. -->

        Code cells hold statements in a small expression language for tables and series.
        This page is its reference: every construct and every built-in function, with an
        example; `→` shows the example's value. How a notebook file holds the cells is in
        `docs/notebook-format.md`; how a run executes them, in `docs/cli.md`.


        """
        out += "## Constructs\n\n"
        for c in constructs {
            out += "### \(c.title)\n\n\(c.text)\n\n```\n\(c.example)\n```\n\n"
        }
        out += comingFrom
        out += "## Built-in functions\n\n"
        out += "Arguments in `[ ]` are optional (with their default after `=`); `name: …` must be named; `…` repeats. "
        out += "A built-in's name cannot be rebound (the date functions' names excepted). Arguments may be given by position or by name (`round(x, digits: 2)`).\n\n"
        for group in BuiltinGroup.allCases {
            let members = Builtins.all.filter { $0.group == group }
            guard !members.isEmpty else { continue }
            out += "### \(group.rawValue)\n\n"
            for b in members {
                out += "#### `\(b.signature)`\n\n\(b.doc)\n\n"
                for e in b.examples {
                    out += "    \(e.code)  →  \(e.result)\n"
                }
                out += "\n"
            }
        }
        out += numberPatterns
        return out
    }
}
