import Foundation
import Testing
@testable import ChainMatch

/// Bytes `(i * 7 + 3) & 0xff`, the pattern the xxHash vectors below were computed on with the reference.
func patternBytes(_ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) } }

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory(_ label: String = #function) throws -> URL {
    let safe = label.filter { $0.isLetter || $0.isNumber }
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("chainmatch-tests-\(safe)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct SHA256Tests {
    @Test func standardVectors() {
        #expect(SHA256.digest("").hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.digest("abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").hex
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.digest("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").hex
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        let million = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.digest(million).hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func everySplitGivesTheSameDigest() {
        // Lengths around the padding boundaries (55, 56, 63, 64) and across several blocks.
        for n in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 200] {
            let bytes = patternBytes(n)
            let whole = SHA256.digest(Data(bytes))
            for cut in Set([0, 1, n / 3, n / 2, max(0, n - 1), n]) where cut <= n {
                var h = SHA256()
                h.update(Array(bytes[..<cut]))
                let middle = h.finalize()   // reading a running digest must not disturb the stream
                h.update(Array(bytes[cut...]))
                #expect(h.finalize() == whole, "n=\(n) cut=\(cut)")
                #expect(middle == SHA256.digest(Data(bytes[..<cut])))
            }
        }
    }

    @Test func fileDigestMatchesSha256sum() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("payload.bin").path
        var rng = SplitMix64(seed: 1)
        let bytes = (0..<(1_048_576 + 17)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let ours = try SHA256.digest(ofFile: path, chunkSize: 65_537).hex
        #expect(ours == SHA256.digest(Data(bytes)).hex)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output.split(separator: " ").first.map(String.init) == ours)
    }

    @Test func missingFileIsMissingInput() {
        #expect(throws: ChainMatchError.missingInput(path: "/nonexistent/x", "No such file or directory")) {
            try SHA256.digest(ofFile: "/nonexistent/x")
        }
    }
}

@Suite struct XXHash64Tests {
    // From the reference implementation (python-xxhash) over `patternBytes(length)`.
    static let vectors: [(length: Int, seed: UInt64, hash: UInt64)] = [
        (0, 0, 0xef46db3751d8e999), (1, 0, 0x1f25c8d0bc1f4bb6), (3, 0, 0x31d2363f52e564c9),
        (4, 0, 0x9bb64b7d66ee9fda), (8, 0, 0xdab99d95c6f90092), (31, 0, 0xa2aa5f33cc4a6119),
        (32, 0, 0x23c3c17ef790fd97), (33, 0, 0x50a7cfc7ba588784), (100, 0, 0xa61f8d4c170fe531),
        (1000, 0, 0x5f235fa033f1a3fb),
        (0, 0x9E3779B97F4A7C15, 0xc4349fc93c010000), (1, 0x9E3779B97F4A7C15, 0x79826bcd749d267a),
        (3, 0x9E3779B97F4A7C15, 0x78efd77575e26575), (4, 0x9E3779B97F4A7C15, 0x6f0a6c97d68bf353),
        (8, 0x9E3779B97F4A7C15, 0xa2f1e28437a78a1b), (31, 0x9E3779B97F4A7C15, 0x755437271d1d0a84),
        (32, 0x9E3779B97F4A7C15, 0xbf624b932c090428), (33, 0x9E3779B97F4A7C15, 0x7aceaf1e9d34ea35),
        (100, 0x9E3779B97F4A7C15, 0xf6d8f65c625abb4f), (1000, 0x9E3779B97F4A7C15, 0x442acd0a822e86f6),
        (1 << 20, 42, 0x8f6cf7f5b6414307),
    ]

    @Test func referenceVectors() {
        for v in Self.vectors {
            #expect(XXHash64.hash(Data(patternBytes(v.length)), seed: v.seed) == v.hash, "length \(v.length) seed \(v.seed)")
        }
        #expect(XXHash64.hash(Data("abc".utf8)) == 0x44bc2cf5ad770999)
        #expect(XXHash64.hash(Data("abc".utf8), seed: 1) == 0xbea9ca8199328908)
    }

    @Test func streamingInAnyPiecesEqualsOneShot() {
        var rng = SplitMix64(seed: 3)
        for v in Self.vectors where v.length <= 1000 {
            let bytes = patternBytes(v.length)
            for _ in 0..<5 {
                var h = XXHash64(seed: v.seed)
                var start = 0
                while start < bytes.count {
                    let end = min(bytes.count, start + Int(rng.next() % 40))
                    h.update(Data(bytes[start..<end]))
                    start = end
                }
                #expect(h.finalize() == v.hash, "length \(v.length) seed \(v.seed)")
            }
        }
    }

    @Test func unalignedInputGivesTheSameChecksum() {
        let bytes = patternBytes(1001)
        let expected = XXHash64.hash(Data(bytes[1...]))
        bytes.withUnsafeBytes { raw in
            #expect(XXHash64.hash(UnsafeRawBufferPointer(rebasing: raw[1...])) == expected)
        }
    }
}
