/// Names analysts bring from other tools (pandas, numpy, R's dplyr and tidyr, SQL), and
/// what Folio calls the same thing: an unknown function or name that is one of these is
/// answered with "Folio calls this `lag`" rather than a spelling suggestion (`melt` is not
/// a misspelt `mean`).
package enum OtherTools {
    /// Lower-case foreign name → the Folio way to say it. Dotted names are method calls
    /// as written in pandas (`str.contains`).
    static let folioNames: [String: String] = [
        "shift": "lag",
        "fillna": "coalesce",
        "ffill": "fill_forward",
        "melt": "pivot_longer",
        "pivot": "pivot_wider",
        "pivot_table": "pivot_wider",
        "spread": "pivot_wider",
        "gather": "pivot_longer",
        "ifelse": "if_else",
        "np.where": "if_else",
        "merge": "join",
        "left_join": "join",
        "inner_join": "join",
        "mutate": "with",
        "assign": "with",
        "transform": "with",
        "query": "where",
        "groupby": "group",
        "group_by": "group",
        "summarise": "group",
        "summarize": "group",
        "agg": "group",
        "arrange": "sort",
        "sort_values": "sort",
        "str.contains": "contains_text",
        "str_detect": "contains_text",
        "grepl": "contains_text",
        "nunique": "len(unique(…))",
        "n_distinct": "len(unique(…))",
        "drop_duplicates": "distinct",
        "nrow": "len",
        "paste": "join",
        "paste0": "join",
        "concat_ws": "join",
        "apply": "map",
        "lambda": "`x => …`",
    ]

    /// What Folio calls `name` (`shift` → `lag`), or `nil` when it is no other tool's
    /// name that Folio spells differently.
    package static func folioName(for name: String) -> String? {
        folioNames[name.lowercased()]
    }

    /// The message tail for an unknown `name`: "; Folio calls this `lag`", or `nil`.
    package static func hint(for name: String) -> String? {
        guard let folio = folioName(for: name) else { return nil }
        return folio.hasPrefix("`") || folio.contains("(") ? "; Folio writes this \(folio.hasPrefix("`") ? folio : "`\(folio)`")"
            : "; Folio calls this `\(folio)`"
    }
}
