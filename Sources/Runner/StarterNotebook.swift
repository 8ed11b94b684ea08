/// The notebook `folio new NAME` writes: small, valid, and a tour of the format.
package enum StarterNotebook {
    package static func text(title: String) -> String {
        let safeTitle = title.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return """
        # A Folio notebook. Run it with `folio run`, check it with `folio check`.
        # The format and the language: docs/notebook-format.md and docs/language.md.
        folio: 1
        title: "\(safeTitle)"
        subtitle: A starter notebook
        description: Replace this with what the analysis shows.

        params:
          growth: 3%          # override with: folio run NOTEBOOK -p growth=2.5%
          start_year: 2025

        cells:
          - id: intro
            markdown: |
              # Overview

              This notebook projects a budget of 100 growing at {{ fmt(growth, "0.0%") }} a year
              from {{ start_year }}.

          - id: projection
            caption: Projected budget, in currency units
            code: |
              years = seq(start_year, start_year + 5)
              budget = grow(100, growth, 5)
              projection = table(year: years, budget: budget)
              projection

          - id: total
            code: |
              total = sum(projection.budget)
              print("Total over the period:", fmt(total, "#,##0.0"))

          - id: chart
            echo: false
            code: |
              line_chart(projection, x: "year", y: "budget", title: "Projected budget")

          - id: conclusion
            markdown: |
              The budget reaches {{ fmt(last(projection.budget), "#,##0.0") }} in {{ last(years) }}.

        """
    }
}
