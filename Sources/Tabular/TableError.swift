import Suggestions

/// A table operation that cannot be done with the columns it was given. The Language
/// module turns it into a positioned `Diagnostic` with `message`.
package enum TableError: Error, Sendable, Equatable {
    /// No column `name`; `suggestion` is the closest existing name, if any is close.
    case missingColumn(name: String, available: [String], suggestion: String?)
    case duplicateColumn(String)
    /// A new column whose length is not the table's row count.
    case lengthMismatch(column: String, expected: Int, actual: Int)
    /// `append`: the two tables do not have the same column names.
    case columnsDiffer(missingInSecond: [String], extraInSecond: [String])
    /// `append`: a column holds numbers in one table and text in the other, etc.
    case appendTypeMismatch(column: String, first: String, second: String)
    case joinKeyTypeMismatch(key: String, left: String, right: String)
    /// `join`: a non-key column name present in both tables.
    case joinColumnClash(String)
    /// An aggregate that needs numbers got another type.
    case notNumeric(aggregate: String, type: String)
    /// `join`: the result would have more rows than the caller allows (counted before
    /// any is built: a join of repeated keys grows as the product of the two tables).
    case tooManyRows(rows: Int, limit: Int)

    package var message: String {
        switch self {
        case .missingColumn(let name, let available, let suggestion):
            var text = "no column \"\(name)\" in the table"
            if let suggestion { text += "; did you mean \"\(suggestion)\"?" }
            text += available.isEmpty
                ? " (the table has no columns)"
                : " (columns: \(available.map { "\"\($0)\"" }.joined(separator: ", ")))"
            return text
        case .duplicateColumn(let name):
            return "column \"\(name)\" is named twice"
        case .lengthMismatch(let column, let expected, let actual):
            return "column \"\(column)\" has \(actual) value\(actual == 1 ? "" : "s") but the table has \(expected) row\(expected == 1 ? "" : "s")"
        case .columnsDiffer(let missing, let extra):
            var parts: [String] = []
            if !missing.isEmpty { parts.append("the second table lacks \(missing.map { "\"\($0)\"" }.joined(separator: ", "))") }
            if !extra.isEmpty { parts.append("it has extra \(extra.map { "\"\($0)\"" }.joined(separator: ", "))") }
            return "cannot append tables with different columns: " + parts.joined(separator: " and ")
        case .appendTypeMismatch(let column, let first, let second):
            return "cannot append: column \"\(column)\" holds \(first)s in the first table but \(second)s in the second"
        case .joinKeyTypeMismatch(let key, let left, let right):
            return "cannot join on \"\(key)\": it holds \(left)s in the left table but \(right)s in the right"
        case .joinColumnClash(let name):
            return "both tables have a column \"\(name)\" that is not a join key; rename or drop one first"
        case .notNumeric(let aggregate, let type):
            return "\(aggregate) needs numbers, but the values are \(type)s"
        case .tooManyRows(let rows, let limit):
            return "the result would have \(NumberFormat.general(Double(rows))) rows, more than the \(NumberFormat.general(Double(limit))) allowed"
        }
    }
}

/// The name in `candidates` closest to `name`, for "did you mean" hints (the policy of
/// `Suggestions.Suggestion`, shared by every module).
package func closestName(to name: String, in candidates: [String]) -> String? {
    Suggestion.closest(to: name, in: candidates)
}
