import Foundation
import ZIPFoundation
// Inflates one member of a ZIP archive through ZIPFoundation's streaming extract, counting bytes.
let archive = try Archive(url: URL(fileURLWithPath: CommandLine.arguments[1]), accessMode: .read)
guard let entry = archive[CommandLine.arguments[2]] else { fatalError("no member") }
var total = 0
_ = try archive.extract(entry, bufferSize: 65536, skipCRC32: false) { data in total += data.count }
print(total)
