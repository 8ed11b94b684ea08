import Testing
@testable import Render

/// NIST FIPS 180-4 example vectors (and the classic million-`a` message).
@Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
     "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
])
func sha256Vectors(message: String, digest: String) {
    #expect(SHA256.hex(Array(message.utf8)) == digest)
}

@Test func sha256MillionA() {
    let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    #expect(SHA256.hex(message) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
}

@Test func sha256IncrementalMatchesOneShot() {
    let message = Array((0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) })
    for split in [0, 1, 55, 56, 63, 64, 65, 128, 999, 1000] {
        var hasher = SHA256()
        hasher.update(message[..<split])
        hasher.update(message[split...])
        #expect(hasher.finalizeHex() == SHA256.hex(message), "split at \(split)")
    }
    // A sequence without contiguous storage takes the copying path.
    #expect(SHA256.hex(message.lazy.map { $0 }) == SHA256.hex(message))
}

/// The SHA extensions (where the CPU has them) and the Swift rounds agree on every length
/// around block boundaries and on inputs split anywhere.
@Test func sha256HardwareAndSwiftRoundsAgree() {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    let message = (0..<5_000).map { _ -> UInt8 in
        state = state &* 6_364_136_223_846_793_005 &+ 1
        return UInt8(truncatingIfNeeded: state >> 56)
    }
    for count in [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 1_000, 4_097, 5_000] {
        var hardware = SHA256(useHardware: true)
        var software = SHA256(useHardware: false)
        hardware.update(message[..<(count / 3)])
        hardware.update(message[(count / 3)..<count])
        software.update(message[..<count])
        #expect(hardware.finalizeHex() == software.finalizeHex(), "\(count) bytes")
    }
    var software = SHA256(useHardware: false)
    software.update(Array("abc".utf8))
    #expect(software.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
}
