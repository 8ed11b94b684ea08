// The chart colours against the page (WCAG 1.4.11, non-text contrast: 3:1) in both
// colour schemes, read from the report's own stylesheet; and series told apart by more
// than colour (WCAG 1.4.1).
import Foundation
import ReportModel
import Tabular
import Testing
@testable import Render

private func svg(_ chart: Chart) -> String { ChartRenderer(chart: chart).svg(standalone: false) }

/// The value of CSS custom property `name` in the first rule of `css` after `marker`.
private func cssVariable(_ name: String, after marker: String, in css: String) throws -> String {
    let start = try #require(css.range(of: marker)).upperBound
    let rest = css[start...]
    let at = try #require(rest.range(of: "--\(name): ")).upperBound
    return String(rest[at...].prefix(7))
}

private var lightPage: String { get throws { try cssVariable("paper", after: ":root {", in: ReportStyle.css) } }
private var darkPage: String { get throws { try cssVariable("paper", after: "@media (prefers-color-scheme: dark) {\n  :root {", in: ReportStyle.css) } }

/// Hue in degrees (HSL) of `#RRGGBB`.
private func hue(_ hex: String) -> Double {
    let v = [1, 3, 5].map { Double(UInt8(hex.dropFirst($0).prefix(2), radix: 16) ?? 0) / 255 }
    let (r, g, b) = (v[0], v[1], v[2])
    let hi = max(r, g, b), lo = min(r, g, b), d = hi - lo
    guard d > 0 else { return 0 }
    let h: Double = hi == r ? (g - b) / d : hi == g ? (b - r) / d + 2 : (r - g) / d + 4
    return (h * 60 + 360).truncatingRemainder(dividingBy: 360)
}

@Test func contrastIsWCAGs() throws {
    #expect(try #require(ChartPalette.contrast("#000000", "#FFFFFF")) == 21)
    #expect(try #require(ChartPalette.contrast("#777777", "#777777")) == 1)
    // WCAG's own example figure: #767676 on white is 4.54:1.
    #expect(abs(try #require(ChartPalette.contrast("#767676", "#ffffff")) - 4.54) < 0.01)
    #expect(ChartPalette.contrast("red", "#ffffff") == nil)
}

@Test func everyChartColourKeeps3To1AgainstThePageInBothSchemes() throws {
    let light = try lightPage, dark = try darkPage
    #expect(light == "#ffffff" && dark == "#16181c")
    for (k, colour) in ChartPalette.light.enumerated() {
        let ratio = try #require(ChartPalette.contrast(colour, light))
        #expect(ratio >= 3, "light series \(k) \(colour): \(ratio):1")
    }
    for (k, colour) in ChartPalette.dark.enumerated() {
        let ratio = try #require(ChartPalette.contrast(colour, dark))
        #expect(ratio >= 3, "dark series \(k) \(colour): \(ratio):1")
        // The page's stylesheet switches to it in the dark scheme (and back for print).
        if colour != ChartPalette.light[k] {
            #expect(ReportStyle.css.contains(".folio-chart .s\(k) { color: \(colour); }"))
            #expect(ReportStyle.css.contains(".folio-chart .s\(k) { color: \(ChartPalette.light[k]); }"))
        }
    }
    // Axis and zero lines, in the CSS of each scheme and in the SVG's own attributes
    // (a standalone file on white); reference lines in each scheme.
    let axisLight = try cssVariable("axis", after: ":root {", in: ReportStyle.css)
    let axisDark = try cssVariable("axis", after: "@media (prefers-color-scheme: dark) {\n  :root {", in: ReportStyle.css)
    for (colour, page) in [(axisLight, light), (axisDark, dark), ("#6b7280", light), ("#b42318", light), ("#ff8a80", dark)] {
        let ratio = try #require(ChartPalette.contrast(colour, page))
        #expect(ratio >= 3, "\(colour) on \(page): \(ratio):1")
    }
    #expect(ReportStyle.css.contains(".folio-chart .axis, .folio-chart .zero, .folio-chart .tick-mark { stroke: var(--axis); }"))
}

/// The check above would catch the unadjusted palette: Okabe–Ito's orange, sky blue and
/// yellow are below 3:1 on white, its black on the dark page.
@Test func okabeItoItselfFailsTheCheck() throws {
    for colour in ["#E69F00", "#56B4E9", "#F0E442"] {
        #expect(try #require(ChartPalette.contrast(colour, try lightPage)) < 3)
    }
    #expect(try #require(ChartPalette.contrast("#000000", try darkPage)) < 3)
}

/// Only the lightness changed: the hues stay Okabe–Ito's (so the palette keeps its
/// colour-blind-safe character), and the dark scheme uses Okabe–Ito's own colours.
@Test func adjustedColoursKeepOkabeItosHues() {
    let okabeIto = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
    #expect(ChartPalette.dark.dropLast() == okabeIto.dropLast())
    for (k, colour) in ChartPalette.light.enumerated() where colour != okabeIto[k] {
        #expect(abs(hue(colour) - hue(okabeIto[k])) < 3, "series \(k): \(colour) against \(okabeIto[k])")
        #expect((ChartPalette.luminance(colour) ?? 1) < (ChartPalette.luminance(okabeIto[k]) ?? 0), "series \(k) is darker")
    }
}

@Test func seriesAreNeverToldApartByColourAlone() {
    // Lines and areas: a dash pattern of its own for every series (the first solid).
    var dashes = Set<String>()
    for i in 0..<200 { #expect(dashes.insert(ChartMarks.dash(i)).inserted, "series \(i)") }
    // Bars: a hatching of its own for every series (the first solid).
    var fills = Set<Int>()
    for i in 0..<200 { #expect(fills.insert(ChartMarks.hatchIndex(i, kind: .bar)).inserted, "bar series \(i)") }
    // Points: seven shapes for the first seven series; shape and colour together repeat
    // only after 56.
    #expect(Set((0..<7).map { ChartMarks.markerShape($0) }).count == 7)
    #expect(Set((0..<56).map { "\(ChartMarks.markerShape($0))|\(ChartMarks.paletteIndex($0, kind: .scatter))" }).count == 56)
    // A waterfall's falls are hatched, its rises and total solid.
    #expect((0..<3).map { ChartMarks.hatchIndex($0, kind: .waterfall) } == [0, 1, 0])
}

/// In the SVG itself: three series of each kind draw three different marks.
@Test func threeSeriesDrawThreeDifferentMarks() {
    let t = makeTable(["x": numbers([1, 2, 3, 1, 2, 3, 1, 2, 3]), "y": numbers([1, 2, 3, 2, 3, 4, 3, 4, 5]),
                       "g": strings(["a", "a", "a", "b", "b", "b", "c", "c", "c"])])
    func groups(_ svg: String) -> [String] {
        let marks = svg.components(separatedBy: "<g class=\"marks\">").dropFirst().first ?? ""
        return marks.components(separatedBy: "<g class=\"series ").dropFirst().map { String($0.prefix { $0 != "\n" }) }
    }
    let wide = makeTable(["x": numbers([1, 2, 3]), "a": numbers([1, 2, 3]), "b": numbers([2, 3, 4]), "c": numbers([3, 4, 5])])
    let lines = groups(svg(Chart(kind: .line, table: wide, x: "x", y: ["a", "b", "c"])))
    #expect(lines.count == 3)
    #expect(!lines[0].contains("stroke-dasharray") && lines[1].contains("stroke-dasharray=\"6 3\"") && lines[2].contains("stroke-dasharray=\"2 3\""))
    #expect(lines[0].contains("<circle") && lines[1].contains("<rect") && lines[2].contains("<path d=\"M") && lines[2].contains("Z\""))
    let points = groups(svg(Chart(kind: .scatter, table: wide, x: "x", y: ["a", "b", "c"])))
    #expect(points.count == 3)
    #expect(points[0].hasPrefix("s0") && points[0].contains("<circle") && !points[0].contains("<rect"))
    #expect(points[1].contains("<rect") && !points[1].contains("<circle"))
    #expect(points[2].contains("<path") && !points[2].contains("<circle"))
    #expect(!points.joined().contains("fill-opacity"), "points are opaque, keeping their colour's contrast")
    let bars = groups(svg(Chart(kind: .bar, table: t, x: "x", y: ["y"], group: "g")))
    #expect(bars.count == 3)
    #expect(bars[0].contains("fill=\"currentColor\"") && bars[1].contains("url(#folio-hatch-1-1)") && bars[2].contains("url(#folio-hatch-2-2)"))
}
