import ArgumentParser

@main
struct Folio: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "folio", abstract: "Run YAML analysis notebooks headlessly.")
}
