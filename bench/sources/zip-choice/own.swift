import Glibc

@main struct Main { static func main() throws { try body() } }

// Inflates one member of a ZIP archive through Folio's ZipArchive/ZipMemberStream, counting bytes.
func body() throws {
let path = CommandLine.arguments[1], name = CommandLine.arguments[2]
guard let file = fopen(path, "rb") else { exit(1) }
var bytes: [UInt8] = []
var chunk = [UInt8](repeating: 0, count: 1 << 16)
while true { let n = fread(&chunk, 1, chunk.count, file); if n <= 0 { break }; bytes += chunk[0..<n] }
let archive = try ZipArchive(bytes)
guard let member = archive.members[name] else { exit(2) }
let stream = try ZipMemberStream(archive: archive, member: member)
var total = 0
var buffer = [UInt8](repeating: 0, count: 1 << 16)
while let n = buffer.withUnsafeMutableBufferPointer({ stream.read(into: $0) }), n > 0 { total += n }
print(total)
}
