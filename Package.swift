// swift-tools-version:6.0
import PackageDescription

// Dependencies flow one way:
//   folio (CLI) → Runner → (Language, Render) → ReportModel → Tabular → Suggestions
//   Language, Render, Runner → NotebookFormat (diagnostics, the notebook) → CYAML, Suggestions
//   Tabular → CMalloc, CZlib, CLibXML2, CSQLite (data files); Render → CCMarkGFM, CSHA256; folio also → NotebookFormat (diagnostics); Language → Suggestions
//   folio-preview (the server `folio preview` starts) → Render, NotebookFormat, FlyingFox
// Render never imports Language: it draws ReportModel's plain values.
//
// fuzz/build compiles the library targets itself (swiftc with sanitizers), reading the
// list, the dependencies and the system libraries from this file (dump-package): a new
// `.target` needs nothing there, as long as it depends only on targets of this package.
let package = Package(
    name: "Folio",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "folio", targets: ["folio"]),
        .executable(name: "folio-preview", targets: ["folio-preview"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `folio preview`'s HTTP server (docs/cli.md; chosen over Hummingbird 2 for its build
        // time and size: docs/PERFORMANCE.md, "Preview server").
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
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
        // SHA-256 on the CPU's SHA extensions: one header of inline C (Sources/CSHA256), no
        // library to link (docs/PERFORMANCE.md, "SHA-256").
        .systemLibrary(name: "CSHA256"),
        // The C library's allocator (malloc_trim on glibc): the CSV reader returns the memory
        // of the parts it joined (Sources/CMalloc, one header).
        .systemLibrary(name: "CMalloc"),
        // Data files other than CSV (docs/data-sources.md): zlib inflates the members of an
        // .xlsx (a ZIP archive), libxml2's streaming reader (xmlTextReader) reads its XML one
        // node at a time, SQLite runs a `query:` on a .sqlite/.db file. Debian: zlib1g-dev,
        // libxml2-dev, libsqlite3-dev.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // "Did you mean": the one typo-suggestion policy, for unknown keys (NotebookFormat),
        // columns (Tabular) and names (Language). Its own target so that Tabular, a table
        // library, does not depend on the notebook file format (and libyaml) for it.
        .target(name: "Suggestions"),
        // The notebook file: YAML loading with positions, the typed Notebook, diagnostics.
        .target(name: "NotebookFormat", dependencies: ["CYAML", "Suggestions"]),
        // Columnar tables, CSV reading and writing, number formatting; the readers of the
        // other data files (.xlsx, .json/.jsonl, SQLite).
        .target(name: "Tabular", dependencies: ["Suggestions", "CMalloc", "CZlib", "CLibXML2", "CSQLite"]),
        // The one plain model of report content, shared by Language (which builds it) and
        // Render (which draws it): charts and their options, Markdown pieces, column views,
        // display text.
        .target(name: "ReportModel", dependencies: ["NotebookFormat", "Tabular"]),
        // The Folio language: lexer, parser, static checks, interpreter, built-ins.
        .target(name: "Language", dependencies: ["NotebookFormat", "Tabular", "ReportModel", "Suggestions"]),
        // Outputs: HTML report, SVG charts, CSV files, manifest, JSON, ipynb.
        .target(name: "Render", dependencies: ["NotebookFormat", "Tabular", "ReportModel", "CCMarkGFM", "CSHA256"]),
        // Runs notebooks: parameters, cell order, error policy, timeouts, batch.
        .target(name: "Runner", dependencies: ["NotebookFormat", "Tabular", "ReportModel", "Language", "Render"]),
        // The command-line tool: a thin shell over Runner.
        .executableTarget(
            name: "folio",
            dependencies: [
                "Runner",
                "NotebookFormat",  // DiagnosticRenderer (printing errors), NotebookSchema (`folio schema`)
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // `folio preview`'s HTTP server, a program of its own that `folio preview` starts:
        // FlyingFox (and the Foundation it links) stay out of `folio`, so `folio run`'s
        // start-up does not pay for them (docs/PERFORMANCE.md, "Preview server").
        .executableTarget(
            name: "folio-preview",
            dependencies: [
                "NotebookFormat",  // FileBytes (reading served files)
                "Render",  // Escape, the report's Content-Security-Policy
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]
        ),

        .testTarget(name: "NotebookFormatTests", dependencies: ["NotebookFormat"]),
        .testTarget(name: "TabularTests", dependencies: ["Tabular", "CZlib", "CSQLite"]),
        .testTarget(name: "LanguageTests", dependencies: ["Language", "ReportModel"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "ReportModel"]),
        .testTarget(name: "RunnerTests", dependencies: ["Runner", "ReportModel", "CSQLite"]),
        .testTarget(name: "folio-previewTests", dependencies: ["folio-preview"]),
        .testTarget(name: "folioTests", dependencies: ["folio"]),
    ]
)
