/// Decides, under `--keep-going`, which later cells must be skipped because they use
/// (directly or through other cells) a name bound by a failed cell (SPEC §4).
///
/// A name is tainted when the cell that last bound it failed or was skipped; a later
/// cell that binds the name again successfully makes it clean.
struct FailureTracker: Sendable {
    private struct Taint: Sendable {
        var cellID: String
        var cellFailed: Bool
    }

    private var tainted: [String: Taint] = [:]

    /// Why a cell that reads `used` (in order) cannot run, or nil when it can.
    func skipReason(uses used: [String]) -> String? {
        for name in used {
            if let taint = tainted[name] {
                let how = taint.cellFailed ? "failed" : "skipped"
                return "uses `\(name)` from \(how) cell `\(taint.cellID)`"
            }
        }
        return nil
    }

    mutating func cellFailed(id: String, binds: [String]) {
        for name in binds { tainted[name] = Taint(cellID: id, cellFailed: true) }
    }

    mutating func cellSkipped(id: String, binds: [String]) {
        for name in binds { tainted[name] = Taint(cellID: id, cellFailed: false) }
    }

    mutating func cellSucceeded(binds: [String]) {
        for name in binds { tainted[name] = nil }
    }
}
