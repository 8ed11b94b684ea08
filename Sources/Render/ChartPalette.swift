// The chart colours in each colour scheme, and the contrast arithmetic that proves
// them (WCAG 2.1 relative luminance).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The series colours: Okabe–Ito's palette (safe for the common colour-vision
/// deficiencies), most legible first, in each colour scheme. Every colour keeps 3:1
/// against its scheme's page (WCAG 1.4.11, non-text contrast), so the light scheme has
/// Okabe–Ito's orange, sky blue and yellow made darker (the same hue and chroma in
/// OKLab, lightness lowered to 3.2:1 on white), and the dark scheme its black made light
/// grey. The SVG's presentation attributes hold the light colours (a standalone `.svg`
/// has a white background); the report's CSS switches to the dark ones
/// (`ChartPalette.darkCSS`). Colour is never the only cue: series also differ by dash
/// (lines, areas), marker shape (points) or hatching (bars): `ChartMarks`.
enum ChartPalette {
    static let light = ["#0072B2", "#C68100", "#009E73", "#D55E00", "#CC79A7", "#3798CC", "#9F9100", "#000000"]
    static let dark = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#D0D4DA"]
    static var count: Int { light.count }

    /// The dark scheme's series colours where they differ from the light ones, for the
    /// report's `@media (prefers-color-scheme: dark)` block.
    static var darkCSS: String {
        light.indices.filter { light[$0] != dark[$0] }
            .map { "  .folio-chart .s\($0) { color: \(dark[$0]); }\n" }.joined()
    }

    /// The light colours again, for print (paper is white whatever the screen's scheme).
    static var lightCSS: String {
        light.indices.filter { light[$0] != dark[$0] }
            .map { "  .folio-chart .s\($0) { color: \(light[$0]); }\n" }.joined()
    }

    /// WCAG 2.1's contrast ratio of two `#RRGGBB` colours (1 to 21); nil for other text.
    package static func contrast(_ a: String, _ b: String) -> Double? {
        guard let x = luminance(a), let y = luminance(b) else { return nil }
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    /// Relative luminance of `#RRGGBB` (WCAG 2.1's definition, sRGB).
    static func luminance(_ hex: String) -> Double? {
        let digits = Array(hex.utf8.dropFirst())
        guard hex.hasPrefix("#"), digits.count == 6 else { return nil }
        var channels: [Double] = []
        for k in stride(from: 0, to: 6, by: 2) {
            guard let v = UInt8(String(decoding: digits[k..<k + 2], as: UTF8.self), radix: 16) else { return nil }
            let c = Double(v) / 255
            channels.append(c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4))
        }
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    }
}
