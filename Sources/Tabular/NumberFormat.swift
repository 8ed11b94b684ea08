/// How numbers become text (SPEC §5). STUB: signatures are fixed, bodies to be written.
public enum NumberFormat {
    /// The general format: integral values exactly; others to 6 significant digits,
    /// trailing zeros trimmed; grouping only with 5+ integer digits; exponent form when
    /// 0 < |x| < 1e-4 or |x| >= 1e15.
    public static func general(_ x: Double) -> String {
        "\(x)"
    }

    /// The shortest text that reads back to the same double, no grouping
    /// (`str(2027)` is `2027`, `str(0.1)` is `0.1`). Also the CSV writer's number text.
    public static func shortest(_ x: Double) -> String {
        "\(x)"
    }
}

/// A compiled `fmt` / `format` pattern (`#,##0.00`, `0.0%`, `¥0.0T`).
public struct NumberPattern: Sendable, Equatable {
    public struct SyntaxError: Error, Sendable, Equatable {
        public var message: String
        public init(message: String) { self.message = message }
    }

    public let source: String

    public init(_ pattern: String) throws(SyntaxError) {
        source = pattern
    }

    public func format(_ x: Double) -> String {
        "\(x)"
    }
}
