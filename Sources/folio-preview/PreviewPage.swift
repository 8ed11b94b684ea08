import Render

/// The pages the preview serves. Only these carry a script: the reload script, allowed by
/// a nonce in the served copy's Content-Security-Policy. The report written to disk is
/// never changed (it stays script-free).
package enum PreviewPage {
    /// The path the reload script polls: `GET /__folio/wait?after=N` answers with the
    /// generation once it passes N (or after `waitSeconds`, with the same N).
    package static let waitPath = "/__folio/wait"
    package static let waitSeconds = 10.0

    /// The served copy's policy: the written report's, plus the reload script (by its
    /// nonce) and the script's requests to this server.
    static func servedPolicy(nonce: String) -> String {
        HTMLReport.contentSecurityPolicy + "; script-src 'nonce-\(nonce)'; connect-src 'self'"
    }

    /// The script: long-polls `waitPath` and reloads the page when a newer run finished;
    /// retries every second while the server is unreachable (stopped, or restarting).
    static func script(generation: Int, nonce: String) -> String {
        """
        <script nonce="\(nonce)">(function () {
          var seen = \(generation);
          function wait() {
            fetch("\(waitPath)?after=" + seen, {cache: "no-store"})
              .then(function (r) { return r.text(); })
              .then(function (t) { var n = parseInt(t, 10); if (n > seen) { location.reload(); } else { wait(); } })
              .catch(function () { setTimeout(wait, 1000); });
          }
          wait();
        })();</script>

        """
    }

    /// A written report as served: its policy widened for the script, the script added
    /// before `</body>`.
    package static func report(_ html: String, generation: Int, nonce: String) -> String {
        var page = html
        let meta = "content=\"\(HTMLReport.contentSecurityPolicy)\""
        if let range = page.firstRange(of: meta) {
            page.replaceSubrange(range, with: "content=\"\(servedPolicy(nonce: nonce))\"")
        }
        let script = script(generation: generation, nonce: nonce)
        if let end = page.ranges(of: "</body>").last {
            page.insert(contentsOf: script, at: end.lowerBound)
        } else {
            page += script
        }
        return page
    }

    /// The page shown instead of the report when the last run wrote none: the notebook
    /// is missing, its YAML is broken, or it has static errors. `problem` is the
    /// diagnostics as the terminal shows them; `hasReport`: a link to the last report.
    package static func problem(_ problem: String, notebook: String, generation: Int, hasReport: Bool, nonce: String) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(servedPolicy(nonce: nonce))\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(Escape.text(notebook)): not run</title>\n"
        html += "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}"
        html += "pre{background:#fdf1f1;border-left:4px solid #b3261e;padding:1rem;overflow:auto;white-space:pre-wrap}</style>\n"
        html += "</head>\n<body>\n<article class=\"folio-preview-problem\">\n"
        html += "<h1>\(Escape.text(notebook)) did not run</h1>\n"
        html += "<p>Fix the notebook and save it: this page reloads by itself.</p>\n"
        html += "<pre class=\"error\">\(Escape.text(problem))</pre>\n"
        if hasReport {
            html += "<p><a href=\"/index.html\">The last report written</a> (from an earlier run).</p>\n"
        }
        html += "</article>\n" + script(generation: generation, nonce: nonce) + "</body>\n</html>\n"
        return html
    }

    /// Shown until the first run has finished.
    package static func waiting(notebook: String, generation: Int, nonce: String) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(servedPolicy(nonce: nonce))\">\n"
        html += "<title>\(Escape.text(notebook)): running</title>\n</head>\n<body>\n"
        html += "<p>Running \(Escape.text(notebook))…</p>\n" + script(generation: generation, nonce: nonce) + "</body>\n</html>\n"
        return html
    }
}
