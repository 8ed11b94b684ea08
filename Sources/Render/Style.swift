// The report's only stylesheet, inlined into index.html: system fonts, a serif text
// face for reading, sans for data; light, dark and print.

enum ReportStyle {
    static let css = #"""
:root {
  color-scheme: light dark;
  --paper: #ffffff;
  --ink: #1d2125;
  --ink-soft: #3b4149;
  --muted: #5f6670;
  --rule: #d9dce1;
  --rule-strong: #9aa1ab;
  --axis: #6b7280;
  --tint: #f5f6f8;
  --accent: #1f4e79;
  --link: #1a5a96;
  --error: #b42318;
  --error-tint: #fdf1f0;
  --serif: Charter, "Bitstream Charter", "Sitka Text", Cambria, "Iowan Old Style", Georgia, "DejaVu Serif", serif;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif;
  --mono: ui-monospace, "SF Mono", SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --paper: #16181c;
    --ink: #e6e8eb;
    --ink-soft: #c9cdd3;
    --muted: #9aa1ab;
    --rule: #30343b;
    --rule-strong: #5b626c;
    --axis: #8b929c;
    --tint: #1f2227;
    --accent: #7fb0e0;
    --link: #8cbcf0;
    --error: #ff8a80;
    --error-tint: #2a1a1a;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--paper);
  color: var(--ink);
  font-family: var(--serif);
  font-size: 1.0625rem;
  line-height: 1.6;
  text-rendering: optimizeLegibility;
  font-kerning: normal;
}
.folio { max-width: 50rem; margin: 0 auto; padding: 3rem 1.5rem 4rem; }
a { color: var(--link); text-underline-offset: 0.15em; text-decoration-thickness: 0.06em; }

/* Accessibility: the skip link shows when focused; captions that only assistive
   technology reads; a visible focus ring on everything the keyboard reaches. */
.skip-link {
  position: absolute; left: 0.5rem; top: -4rem; z-index: 10; padding: 0.5rem 0.9rem;
  background: var(--paper); color: var(--link); font-family: var(--sans); font-size: 0.9rem;
  border: 2px solid var(--link); border-radius: 4px;
}
.skip-link:focus { top: 0.5rem; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0;
}
:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
main:focus { outline: none; }
code, pre { font-family: var(--mono); font-size: 0.84em; }

/* Header */
.folio-header { border-top: 4px solid var(--accent); padding-top: 1.5rem; margin-bottom: 2.25rem; }
.folio-header .title {
  font-family: var(--sans); font-size: 2.25rem; line-height: 1.15; font-weight: 700;
  letter-spacing: -0.015em; margin: 0 0 0.4rem;
}
.folio-header .subtitle { font-family: var(--sans); font-size: 1.25rem; color: var(--ink-soft); margin: 0 0 0.9rem; line-height: 1.35; }
.folio-header .byline {
  font-family: var(--sans); font-size: 0.8125rem; text-transform: uppercase; letter-spacing: 0.06em;
  color: var(--muted); margin: 0 0 1.1rem;
}
.folio-header .author { color: var(--ink-soft); font-weight: 600; }
.folio-header .description { font-size: 1.15rem; line-height: 1.55; color: var(--ink-soft); margin: 0 0 1.2rem; }
.parameters-box { background: var(--tint); border-radius: 4px; padding: 0.6rem 0.9rem 0.7rem; font-family: var(--sans); }
.parameters-title { margin: 0 0 0.3rem; font-size: 0.6875rem; text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted); font-weight: 600; }
.parameters { display: flex; flex-wrap: wrap; gap: 0.35rem 1.75rem; margin: 0; font-size: 0.8125rem; }
.parameters div { display: flex; gap: 0.5rem; align-items: baseline; }
.parameters dt { color: var(--muted); font-family: var(--mono); font-size: 0.95em; }
.parameters dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }

/* Contents */
.toc { font-family: var(--sans); font-size: 0.9rem; margin: 0 0 2.5rem; padding: 0.2rem 0 0.2rem 1rem; border-left: 2px solid var(--rule); }
.toc-title { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted); margin: 0 0 0.4rem; font-weight: 600; }
.toc ol { list-style: none; margin: 0; padding: 0; }
.toc li { margin: 0.15rem 0; }
.toc .toc-h2 { padding-left: 1rem; }
.toc .toc-h3 { padding-left: 2rem; font-size: 0.95em; }
.toc a { color: var(--ink-soft); text-decoration: none; }
.toc a:hover { color: var(--link); text-decoration: underline; }

/* Cells */
.cell { margin: 0 0 1.75rem; }
.prose { overflow-wrap: break-word; }
.prose > :first-child { margin-top: 0; }
/* The report's title is its one h1: Markdown's `#` is an h2, `##` an h3, … (so each
   level looks as its Markdown level did). */
.prose h2, .prose h3, .prose h4, .prose h5, .prose h6 {
  font-family: var(--sans); line-height: 1.25; letter-spacing: -0.01em; margin: 2.2rem 0 0.7rem;
}
.prose h2 { font-size: 1.65rem; font-weight: 700; padding-bottom: 0.3rem; border-bottom: 1px solid var(--rule); }
.prose h3 { font-size: 1.3rem; font-weight: 700; }
.prose h4 { font-size: 1.1rem; font-weight: 600; }
.prose h5, .prose h6 { font-size: 1rem; font-weight: 600; color: var(--ink-soft); }
.prose p, .prose ul, .prose ol, .prose blockquote { margin: 0 0 1rem; }
.prose li { margin: 0.2rem 0; }
.prose li > p { margin: 0; }
.prose blockquote { margin-left: 0; padding: 0.1rem 0 0.1rem 1rem; border-left: 3px solid var(--accent); color: var(--ink-soft); font-style: italic; }
.prose hr { border: 0; border-top: 1px solid var(--rule); margin: 2rem 0; }
.prose code { background: var(--tint); padding: 0.1em 0.3em; border-radius: 3px; }
/* Code blocks in text wrap rather than scroll (a scrolling box would need the keyboard). */
.prose pre { background: var(--tint); padding: 0.8rem 1rem; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.45; }
.prose pre code { background: none; padding: 0; }
.prose img { max-width: 100%; }
.prose table { border-collapse: collapse; margin: 0 0 1.2rem; font-family: var(--sans); font-size: 0.875rem; font-variant-numeric: tabular-nums; }
.prose th, .prose td { padding: 0.35rem 0.75rem; border-bottom: 1px solid var(--rule); text-align: left; }
.prose th[align="right"], .prose td[align="right"] { text-align: right; }
.prose th[align="center"], .prose td[align="center"] { text-align: center; }
.prose thead th { border-bottom: 1.5px solid var(--rule-strong); font-weight: 600; }
.prose li input[type="checkbox"] { margin: 0 0.4em 0 0; }
.footnotes { font-size: 0.875rem; color: var(--ink-soft); border-top: 1px solid var(--rule); margin-top: 1.5rem; padding-top: 0.5rem; }
.footnote-ref a { text-decoration: none; }
.footnotes-title { font-family: var(--sans); font-size: 0.95rem; margin: 0 0 0.4rem; }

.source {
  margin: 0 0 0.9rem; padding: 0.7rem 0.9rem; background: var(--tint); border-left: 3px solid var(--rule-strong);
  border-radius: 0 4px 4px 0; overflow-x: auto; line-height: 1.5; color: var(--ink-soft); font-size: 0.8rem;
}
.output { margin: 0; }
.output > * { margin-top: 0; margin-bottom: 1rem; }
.text {
  margin: 0 0 1rem; padding: 0.1rem 0 0.1rem 0.9rem; border-left: 3px solid var(--rule); white-space: pre-wrap;
  overflow-wrap: anywhere; line-height: 1.5; font-size: 0.8rem;
}
.value { font-family: var(--sans); font-size: 1.5rem; font-weight: 600; font-variant-numeric: tabular-nums; letter-spacing: -0.01em; }
.list { list-style: none; margin: 0 0 0.4rem; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3rem; font-family: var(--sans); font-size: 0.85rem; font-variant-numeric: tabular-nums; }
.list li { padding: 0.1rem 0.5rem; background: var(--tint); border-radius: 3px; }
.more, .table-note { font-family: var(--sans); font-size: 0.8rem; color: var(--muted); margin: 0.4rem 0 0; }
.record { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1.25rem; font-family: var(--sans); font-size: 0.9rem; margin: 0 0 1rem; }
.record div { display: contents; }
.record dt { color: var(--muted); }
.record dd { margin: 0; font-variant-numeric: tabular-nums; }

/* Tables and figures */
.figure { margin: 0 0 1.5rem; }
.figure figcaption, .caption {
  font-family: var(--sans); font-size: 0.8125rem; line-height: 1.45; color: var(--muted);
}
.figure.table figcaption { margin: 0 0 0.5rem; font-weight: 600; color: var(--ink-soft); }
.chart-data { margin-top: 0.4rem; font-size: 0.9rem; }
.chart-data summary { cursor: pointer; color: var(--ink-soft); }
.chart-data .folio-table { margin-top: 0.4rem; }
.figure.chart figcaption, .figure.text figcaption, .figure.value figcaption, .figure.list figcaption, .figure.record figcaption { margin-top: 0.4rem; }
.caption { margin: -0.5rem 0 0; padding-top: 0.4rem; border-top: 1px solid var(--rule); }
.figure figcaption.caption { margin: 0.6rem 0 0; font-weight: normal; color: var(--muted); }
.caption-number { font-weight: 700; color: var(--ink-soft); }
/* A table wider than the text column widens into the page margins, centred on the
   column, up to the window's width (less 1rem each side); past that it scrolls. */
.table-scroll {
  overflow-x: auto; width: max-content; min-width: 100%; max-width: calc(100vw - 2rem);
  margin-left: 50%; transform: translateX(-50%);
}
.folio-table {
  border-collapse: collapse; width: auto; min-width: 50%; font-family: var(--sans); font-size: 0.85rem;
  font-variant-numeric: tabular-nums; line-height: 1.35;
  border-top: 1.5px solid var(--ink-soft); border-bottom: 1.5px solid var(--ink-soft);
}
.folio-table th, .folio-table td { padding: 0.32rem 0.8rem; text-align: left; vertical-align: top; }
.folio-table th:first-child, .folio-table td:first-child { padding-left: 0.2rem; }
.folio-table tbody th { font-weight: normal; }
.folio-table thead th { font-weight: 600; border-bottom: 1px solid var(--rule-strong); white-space: nowrap; color: var(--ink-soft); }
.folio-table tbody tr + tr td, .folio-table tbody tr + tr th { border-top: 1px solid var(--rule); }
.folio-table .num { text-align: right; white-space: nowrap; }
.folio-table td.null::after { content: "–"; color: var(--muted); }
.folio-table .bool { color: var(--ink-soft); }
.folio-table .label { white-space: nowrap; }
.folio-table .long { min-width: 16rem; }

.folio-chart { display: block; width: 100%; height: auto; max-width: 100%; overflow: visible; }

/* Errors and status */
.error {
  font-family: var(--sans); font-size: 0.875rem; margin: 0 0 1rem; padding: 0.6rem 0.9rem;
  border-left: 4px solid var(--error); background: var(--error-tint); border-radius: 0 4px 4px 0;
}
.error p { margin: 0; }
.error-message { color: var(--ink); white-space: pre-wrap; }
.error-message strong { color: var(--error); }
.error-position { margin-top: 0.25rem !important; color: var(--muted); }
.error-notes { margin: 0.25rem 0 0; padding-left: 1.25rem; color: var(--muted); }
.error.expected { border-left-color: var(--accent); background: var(--tint); }
.error.expected .error-message strong { color: var(--accent); }
.callout {
  margin: 0 0 1rem; padding: 0.6rem 0.9rem; border-left: 4px solid var(--callout, var(--accent));
  background: var(--tint); border-radius: 0 4px 4px 0;
}
.callout > :last-child { margin-bottom: 0; }
.callout-title { font-family: var(--sans); font-size: 0.85rem; font-weight: 700; margin: 0 0 0.3rem; color: var(--callout, var(--accent)); }
.callout.note { --callout: #0969da; }
.callout.tip { --callout: #1a7f37; }
.callout.important { --callout: #8250df; }
.callout.warning { --callout: #9a6700; }
.callout.caution { --callout: #cf222e; }
@media (prefers-color-scheme: dark) {
  .callout.note { --callout: #4493f8; }
  .callout.tip { --callout: #3fb950; }
  .callout.important { --callout: #ab7df8; }
  .callout.warning { --callout: #d29922; }
  .callout.caution { --callout: #f85149; }
}
.inline-error {
  font-family: var(--sans); font-size: 0.85em; color: var(--ink); background: var(--error-tint);
  border-bottom: 2px solid var(--error); padding: 0 0.25em; border-radius: 2px;
}
.inline-error strong { color: var(--error); }
.status-note {
  font-family: var(--sans); font-size: 0.85rem; color: var(--muted); margin: 0 0 1rem; padding: 0.45rem 0.9rem;
  border: 1px dashed var(--rule-strong); border-radius: 4px;
}
.status-note p { margin: 0; }
.status-note code, .error-message code { font-size: 0.9em; background: var(--tint); padding: 0.05em 0.3em; border-radius: 3px; }
/* Dimmed, in the muted text colour (it keeps 4.5:1; a lowered opacity would not). */
.cell[data-status="not-run"] > .source, .cell[data-status="skipped"] > .source, .cell[data-status="not-run"] > .prose { color: var(--muted); border-left-style: dashed; }

.folio-footer {
  margin-top: 3rem; padding-top: 0.75rem; border-top: 1px solid var(--rule);
  font-family: var(--sans); font-size: 0.75rem; color: var(--muted);
}

/* Charts follow the page's colours (presentation attributes are the light defaults). */
.folio-chart .chart-title, .folio-chart .ink { fill: var(--ink); }
.folio-chart .panel-title { fill: var(--ink); }
.folio-chart .annotation-ring { stroke: var(--ink); }
.folio-chart .tick, .folio-chart .note { fill: var(--muted); }
.folio-chart .axis-label, .folio-chart .span-label { fill: var(--ink-soft); }
.folio-chart .grid { stroke: var(--rule); }
/* Axis and zero lines keep 3:1 against the page (gridlines are a faint aid only). */
.folio-chart .axis, .folio-chart .zero, .folio-chart .tick-mark { stroke: var(--axis); }
.folio-chart .seg { stroke: var(--paper); }
@media (prefers-color-scheme: dark) {
  /* Okabe–Ito's own colours, and light grey for its black (docs/report.md). */
"""# + "\n" + ChartPalette.darkCSS + #"""
  .folio-chart .reference line { stroke: #ff8a80; }
  .folio-chart .reference text { fill: #ff8a80; }
}

@media (max-width: 40rem) {
  body { font-size: 1rem; }
  .folio { padding: 1.5rem 1rem 3rem; }
  .folio-header .title { font-size: 1.75rem; }
}

@media print {
  @page { margin: 18mm 16mm; }
  :root {
    --paper: #ffffff; --ink: #000000; --ink-soft: #222222; --muted: #555555;
    --rule: #cccccc; --rule-strong: #888888; --axis: #6b7280; --tint: #f3f3f3; --link: #000000; --accent: #1f4e79;
  }
  body { font-size: 10.5pt; line-height: 1.45; background: #fff; color: #000; }
  .folio { max-width: none; padding: 0; }
  a { text-decoration: none; }
  .toc { break-after: avoid; }
  .prose h1, .prose h2, .prose h3 { break-after: avoid; }
  .figure.chart, .figure.table, .figure.text, .figure.value, .figure.list, .figure.record, .error, .record, pre.text, .callout { break-inside: avoid; }
  .prose h4, .prose h5, .prose h6, .caption { break-after: avoid; }
  .source, .figure.table figcaption { break-inside: avoid; break-after: avoid; }
  .folio-table thead { display: table-header-group; }
  .folio-table tr { break-inside: avoid; }
  /* Paper cannot scroll: the table takes the page's width and no column is cut;
     text cells wrap at spaces, in a smaller font. */
  .table-scroll { overflow: visible; width: auto; min-width: 0; max-width: none; margin-left: 0; transform: none; }
  .folio-table th, .folio-table td { white-space: normal !important; overflow-wrap: break-word; padding: 0.2rem 0.45rem; }
  .folio-table td.long { min-width: 0; }
  /* Paper cannot scroll: long code lines wrap instead. */
  .source, .prose pre { font-size: 8pt; white-space: pre-wrap; overflow-wrap: anywhere; }
  .folio-table { font-size: 8pt; max-width: 100%; }
"""# + "\n" + ChartPalette.lightCSS + #"""
  .skip-link { display: none; }
}
"""#

    /// Printed pages (the PDF, or a browser's print): the report's title in the running
    /// header and "N / M" page numbers at the foot (CSS page-margin boxes). The title is a
    /// CSS string in which every character but letters, digits and spaces is a `\HEX `
    /// escape, so no text can end the string or the `<style>` element.
    static func pageBoxes(title: String, paper: PaperSize?) -> String {
        "@media print {\n  @page {\n" + (paper.map { "    size: \($0.cssSize);\n" } ?? "") + "    @top-center { content: \"" + cssString(title)
            + "\"; font-family: system-ui, sans-serif; font-size: 8pt; color: #555555; }\n"
            + "    @bottom-right { content: counter(page) \" / \" counter(pages); font-family: system-ui, sans-serif; font-size: 8pt; color: #555555; }\n  }\n}\n"
    }

    static func cssString(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == " " {
                out.unicodeScalars.append(scalar)
            } else if scalar.value >= 0x20 && scalar.value != 0x7F {
                out += "\\" + String(scalar.value, radix: 16) + " "
            }
        }
        return out
    }
}
