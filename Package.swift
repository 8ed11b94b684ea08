// swift-tools-version:6.0
import PackageDescription

// Dependencies flow one way:
//   folio (CLI) → Runner → (Language, Render) → ReportModel → (Tabular, NotebookFormat) → C shims
// (Language and Render also use Tabular and NotebookFormat directly; Render never imports Language.)
let package = Package(
    name: "Folio",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "folio", targets: ["folio"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries from Debian: libyaml-dev (yaml-0.1), libcmark-gfm-dev + libcmark-gfm-extensions-dev.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "CCMarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // The notebook file: YAML loading with positions, the typed Notebook, diagnostics.
        .target(name: "NotebookFormat", dependencies: ["CYAML"]),
        // Columnar tables, CSV reading and writing, number formatting.
        .target(name: "Tabular", dependencies: ["NotebookFormat"]),
        // The one plain model of report content, shared by Language (which builds it) and
        // Render (which draws it): charts and their options, Markdown pieces, column views,
        // display text.
        .target(name: "ReportModel", dependencies: ["NotebookFormat", "Tabular"]),
        // The Folio language: lexer, parser, static checks, interpreter, built-ins.
        .target(name: "Language", dependencies: ["NotebookFormat", "Tabular", "ReportModel"]),
        // Outputs: HTML report, SVG charts, CSV files, manifest, JSON, ipynb.
        .target(name: "Render", dependencies: ["NotebookFormat", "Tabular", "ReportModel", "CCMarkGFM"]),
        // Runs notebooks: parameters, cell order, error policy, timeouts, batch.
        .target(name: "Runner", dependencies: ["NotebookFormat", "Tabular", "ReportModel", "Language", "Render"]),
        // The command-line tool: a thin shell over Runner.
        .executableTarget(
            name: "folio",
            dependencies: [
                "Runner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "NotebookFormatTests", dependencies: ["NotebookFormat"]),
        .testTarget(name: "TabularTests", dependencies: ["Tabular"]),
        .testTarget(name: "LanguageTests", dependencies: ["Language", "ReportModel"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "ReportModel"]),
        .testTarget(name: "RunnerTests", dependencies: ["Runner", "ReportModel"]),
        .testTarget(name: "folioTests", dependencies: ["folio"]),
    ]
)
