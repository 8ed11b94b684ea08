/// A table operation that cannot be done with the columns it was given. The Language
/// module turns it into a positioned `Diagnostic` with `message`.
public enum TableError: Error, Sendable, Equatable {
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

    public var message: String {
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
        }
    }
}

/// The name in `candidates` closest to `name` by edit distance (insertions, deletions,
/// substitutions and swaps of neighbours, ignoring case), for "did you mean" hints.
/// `nil` when nothing is close: at most 1 edit for names up to 4 characters, 2 up to 7,
/// then one more per 3 characters. Ties go to the earliest candidate.
public func closestName(to name: String, in candidates: [String]) -> String? {
    let target = Array(name.lowercased())
    let allowed = max(1, (target.count + 2) / 3)
    var best: (name: String, distance: Int)? = nil
    for candidate in candidates where candidate != name {
        let distance = editDistance(target, Array(candidate.lowercased()), limit: allowed)
        if distance <= allowed, distance < (best?.distance ?? Int.max) {
            best = (candidate, distance)
        }
    }
    return best?.name
}

/// Optimal-string-alignment distance; returns `limit + 1` early when the length gap alone
/// exceeds `limit`.
func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
    if abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previousPrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                value = min(value, previousPrevious[j - 2] + 1)
            }
            current[j] = value
        }
        swap(&previousPrevious, &previous)
        swap(&previous, &current)
    }
    return previous[b.count]
}
