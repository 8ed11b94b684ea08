/// `/`-separated path text, as POSIX paths are: what the runner and the CLI need of
/// `NSString`'s path methods, without loading all of Foundation (FoundationEssentials
/// has no `NSString`; see docs/PERFORMANCE.md on start-up and memory).
package enum Paths {
    /// `Notebooks/x.yaml` → `x.yaml`; `out/` → `out`.
    /// Absolute, with `.` and `..` removed lexically (the file system is not consulted).
    package static func absolute(_ path: String) -> String {
        FileSandbox.absolute(path)
    }

    package static func lastComponent(_ path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// `Notebooks/x.yaml` → `Notebooks`; `x.yaml` → `` (empty); `/x` → `/`.
    package static func parent(_ path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        if slash == trimmed.startIndex { return "/" }
        return trimmingTrailingSlashes(String(trimmed[..<slash]))
    }

    /// `out` + `x` → `out/x`; an empty base gives the component alone.
    package static func appending(_ path: String, _ component: String) -> String {
        if path.isEmpty { return component }
        return path.hasSuffix("/") ? path + component : path + "/" + component
    }

    /// `Notebooks/x.yaml` → `x`; a leading dot is not an extension (`.hidden` stays).
    package static func stem(_ path: String) -> String {
        let name = lastComponent(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        return String(path)
    }
}
