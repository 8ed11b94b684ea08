// The general display text of a value (inline `{{ }}` expressions, `print`, the report's
// values and parameter box): one set of rules, used by `Value.displayText` in Language
// and by the parameter box in Render.
import NotebookFormat
import Tabular

package enum DisplayText {
    /// Numbers in the general format (`NumberFormat.general`).
    package static func number(_ x: Double) -> String { NumberFormat.general(x) }

    package static func bool(_ b: Bool) -> String { b ? "true" : "false" }

    /// Null shows as nothing.
    package static let null = ""

    /// A list: its elements' texts joined by `, `.
    package static func list(_ items: some Sequence<String>) -> String { items.joined(separator: ", ") }
}

extension ParamValue {
    /// How the report's parameter box shows a parameter: the general display text.
    package var displayText: String {
        switch self {
        case .number(let x): DisplayText.number(x)
        case .string(let s): s
        case .bool(let b): DisplayText.bool(b)
        case .list(let items): DisplayText.list(items.map(\.displayText))
        }
    }
}
