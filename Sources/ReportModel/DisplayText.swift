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
    package var displayText: String { displayText(.general) }

    /// The parameter box's text for a value written as `notation` says: a percent as
    /// written (`2.5%`, not `0.025`), anything else in the general display text.
    package func displayText(_ notation: ParamNotation) -> String {
        switch (self, notation) {
        case (.number, .percent(let written)): written
        case (.number(let x), _): DisplayText.number(x)
        case (.string(let s), _): s
        case (.bool(let b), _): DisplayText.bool(b)
        case (.list(let items), .list(let notations)) where notations.count == items.count:
            DisplayText.list(zip(items, notations).map { $0.displayText($1) })
        case (.list(let items), _): DisplayText.list(items.map(\.displayText))
        }
    }
}
