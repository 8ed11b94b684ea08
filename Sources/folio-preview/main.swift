#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// `folio-preview`: the HTTP server of `folio preview`, started by it (not by users):
//
//     folio-preview --port N --folder DIR --state FILE --notebook NAME
//
// It listens on 127.0.0.1:N (0: any free port), then writes one line to stdout for its
// parent: `listening PORT`, or `in-use PORT` / `failed PORT MESSAGE` before exiting with
// status 2. It serves until its parent ends (or a signal ends it).

func say(_ line: String) {
    var bytes = Array((line + "\n").utf8)[...]
    while !bytes.isEmpty {
        let n = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
        if n < 0, errno == EINTR { continue }
        guard n > 0 else { return }
        bytes = bytes.dropFirst(n)
    }
}

var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard flag.hasPrefix("--"), let value = arguments.popFirst() else {
        say("failed 0 usage: folio-preview --port N --folder DIR --state FILE --notebook NAME (it is started by `folio preview`)")
        exit(2)
    }
    options[String(flag.dropFirst(2))] = value
}
guard let portText = options["port"], let port = UInt16(portText), let folder = options["folder"],
      let stateFile = options["state"], let notebook = options["notebook"] else {
    say("failed 0 usage: folio-preview --port N --folder DIR --state FILE --notebook NAME (it is started by `folio preview`)")
    exit(2)
}

let parent = getppid()
switch PreviewServer.start(port: port, state: PreviewState(folder: folder, notebook: notebook, stateFile: stateFile)) {
case .success(let started):
    say("listening \(started.port)")
case .failure(.inUse(let port)):
    say("in-use \(port)")
    exit(2)
case .failure(.failed(let port, let problem)):
    say("failed \(port) \(problem)")
    exit(2)
}
// Serve until the parent is gone (it may have been killed without a chance to stop us).
while getppid() == parent {
    sleep(1)
}
exit(0)
