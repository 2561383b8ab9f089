import Foundation

/// SHA-256 (FIPS 180-4), streaming, for digests of source data, inputs and manifests.
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update("ab")
/// hasher.update("c")
/// hasher.finalize().hex          // "ba7816bf…f20015ad"
/// try SHA256.digest(ofFile: "datasets/parks.csv").hex
/// ```
///
/// Whole 64-byte blocks are compressed straight from the caller's memory; only a partial block is
/// copied into the hasher's buffer. `finalize()` does not change the hasher, so a running digest can
/// be read and the stream continued.
public struct SHA256: Sendable {
    /// A 32-byte SHA-256 digest.
    public struct Digest: Hashable, Sendable, CustomStringConvertible {
        public let bytes: [UInt8]

        /// Lower-case hexadecimal, 64 characters.
        public var hex: String {
            let digits = Array("0123456789abcdef".utf8)
            var out = [UInt8]()
            out.reserveCapacity(64)
            for b in bytes {
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 15)])
            }
            return String(decoding: out, as: UTF8.self)
        }

        public var description: String { hex }
    }

    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    private var buffer = [UInt8](repeating: 0, count: 64)
    private var buffered = 0
    private var length: UInt64 = 0

    public init() {}

    /// Adds raw bytes to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var source = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        length &+= UInt64(remaining)
        if buffered > 0 {
            let take = min(64 - buffered, remaining)
            buffer.withUnsafeMutableBytes { dst in
                dst.baseAddress!.advanced(by: buffered).copyMemory(from: source, byteCount: take)
            }
            buffered += take
            source += take
            remaining -= take
            if buffered < 64 { return }
            buffer.withUnsafeBytes { compress($0.baseAddress!, blocks: 1) }
            buffered = 0
        }
        let whole = remaining / 64
        if whole > 0 {
            compress(source, blocks: whole)
            source += whole * 64
            remaining -= whole * 64
        }
        if remaining > 0 {
            buffer.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: source, byteCount: remaining) }
            buffered = remaining
        }
    }

    /// Adds the bytes of `data`.
    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// Adds `bytes`.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Adds the UTF-8 encoding of `text`.
    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// The digest of everything added so far; the hasher can keep going afterwards.
    public func finalize() -> Digest {
        var copy = self
        let bitLength = length &* 8
        var tail = [UInt8](repeating: 0, count: buffered < 56 ? 64 : 128)
        tail.withUnsafeMutableBytes { t in
            copy.buffer.withUnsafeBytes { t.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: buffered) }
            t[buffered] = 0x80
            for i in 0..<8 { t[t.count - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i))) }
            copy.compress(UnsafeRawPointer(t.baseAddress!), blocks: t.count / 64)
        }
        let s = copy.state
        var out = [UInt8]()
        out.reserveCapacity(32)
        for word in [s.0, s.1, s.2, s.3, s.4, s.5, s.6, s.7] {
            out += [UInt8(word >> 24), UInt8((word >> 16) & 0xff), UInt8((word >> 8) & 0xff), UInt8(word & 0xff)]
        }
        return Digest(bytes: out)
    }

    /// The digest of `data`.
    public static func digest(_ data: Data) -> Digest {
        var h = SHA256()
        h.update(data)
        return h.finalize()
    }

    /// The digest of the UTF-8 encoding of `text`.
    public static func digest(_ text: String) -> Digest {
        var h = SHA256()
        h.update(text)
        return h.finalize()
    }

    /// The digest of a file's content, read in chunks of `chunkSize` bytes (constant memory).
    ///
    /// Throws `ChainMatchError.missingInput` when the file cannot be opened or read.
    public static func digest(ofFile path: String, chunkSize: Int = 1 << 20) throws -> Digest {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ChainMatchError.missingInput(path: path, String(cString: strerror(errno)))
        }
        defer { close(fd) }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: max(64, chunkSize), alignment: 64)
        defer { chunk.deallocate() }
        var h = SHA256()
        while true {
            let n = read(fd, chunk.baseAddress, chunk.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw ChainMatchError.missingInput(path: path, "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            h.update(UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
        }
        return h.finalize()
    }

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    /// Compresses `blocks` consecutive 64-byte blocks starting at `p` into the state.
    private mutating func compress(_ p: UnsafeRawPointer, blocks: Int) {
        var (h0, h1, h2, h3, h4, h5, h6, h7) = state
        Self.k.withUnsafeBufferPointer { kb in
            let k = kb.baseAddress!
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { wb in
                let w = wb.baseAddress!
                for block in 0..<blocks {
                    let base = p + block * 64
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: base.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let a = w[t - 15], b = w[t - 2]
                        let s0 = Self.rotr(a, 7) ^ Self.rotr(a, 18) ^ (a >> 3)
                        let s1 = Self.rotr(b, 17) ^ Self.rotr(b, 19) ^ (b >> 10)
                        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                    }
                    var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                    @inline(__always) func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                                                 _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ t: Int) {
                        let t1 = h &+ (Self.rotr(e, 6) ^ Self.rotr(e, 11) ^ Self.rotr(e, 25)) &+ (g ^ (e & (f ^ g))) &+ k[t] &+ w[t]
                        d &+= t1
                        h = t1 &+ (Self.rotr(a, 2) ^ Self.rotr(a, 13) ^ Self.rotr(a, 22)) &+ ((a & b) | (c & (a | b)))
                    }
                    var t = 0
                    while t < 64 {
                        round(a, b, c, &d, e, f, g, &h, t)
                        round(h, a, b, &c, d, e, f, &g, t + 1)
                        round(g, h, a, &b, c, d, e, &f, t + 2)
                        round(f, g, h, &a, b, c, d, &e, t + 3)
                        round(e, f, g, &h, a, b, c, &d, t + 4)
                        round(d, e, f, &g, h, a, b, &c, t + 5)
                        round(c, d, e, &f, g, h, a, &b, t + 6)
                        round(b, c, d, &e, f, g, h, &a, t + 7)
                        t += 8
                    }
                    h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
                    h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
                }
            }
        }
        state = (h0, h1, h2, h3, h4, h5, h6, h7)
    }
}
