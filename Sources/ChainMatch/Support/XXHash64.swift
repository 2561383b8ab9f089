import Foundation

/// XXH64, the 64-bit xxHash checksum (spec: github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md).
///
/// ```swift
/// XXHash64.hash(Data("abc".utf8))                  // 0x44bc2cf5ad770999
/// var h = XXHash64(seed: 7)
/// h.update(Data("ab".utf8)); h.update(Data("c".utf8))
/// h.finalize()                                     // same as XXHash64.hash(Data("abc".utf8), seed: 7)
/// ```
///
/// A fast, non-cryptographic checksum for large binary payloads (feature stores, partial results):
/// it detects corruption and truncation, not tampering — use `SHA256` to identify content.
/// Results are those of the reference implementation for every input and seed.
public struct XXHash64: Sendable {
    static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
    static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

    private let seed: UInt64
    private var v1, v2, v3, v4: UInt64
    private var buffer = [UInt8](repeating: 0, count: 32)
    private var buffered = 0
    private var length: UInt64 = 0

    public init(seed: UInt64 = 0) {
        self.seed = seed
        v1 = seed &+ Self.p1 &+ Self.p2
        v2 = seed &+ Self.p2
        v3 = seed
        v4 = seed &- Self.p1
    }

    /// Adds raw bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var source = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        length &+= UInt64(remaining)
        if buffered > 0 {
            let take = min(32 - buffered, remaining)
            buffer.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: buffered).copyMemory(from: source, byteCount: take) }
            buffered += take
            source += take
            remaining -= take
            if buffered < 32 { return }
            buffer.withUnsafeBytes { stripes($0.baseAddress!, count: 1) }
            buffered = 0
        }
        let whole = remaining / 32
        if whole > 0 {
            stripes(source, count: whole)
            source += whole * 32
            remaining -= whole * 32
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

    /// The checksum of everything added so far; the hasher can keep going afterwards.
    public func finalize() -> UInt64 {
        var h: UInt64
        if length >= 32 {
            h = Self.rotl(v1, 1) &+ Self.rotl(v2, 7) &+ Self.rotl(v3, 12) &+ Self.rotl(v4, 18)
            h = Self.mergeRound(h, v1)
            h = Self.mergeRound(h, v2)
            h = Self.mergeRound(h, v3)
            h = Self.mergeRound(h, v4)
        } else {
            h = seed &+ Self.p5
        }
        h &+= length
        return buffer.withUnsafeBytes { Self.tail(h, $0.baseAddress!, count: buffered) }
    }

    /// The checksum of `bytes` in one pass.
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        guard let p = bytes.baseAddress, bytes.count > 0 else {
            return avalanche(seed &+ p5)
        }
        let n = bytes.count
        var h: UInt64
        var offset = 0
        if n >= 32 {
            var state = XXHash64(seed: seed)
            let whole = n / 32
            state.stripes(p, count: whole)
            offset = whole * 32
            h = rotl(state.v1, 1) &+ rotl(state.v2, 7) &+ rotl(state.v3, 12) &+ rotl(state.v4, 18)
            h = mergeRound(h, state.v1)
            h = mergeRound(h, state.v2)
            h = mergeRound(h, state.v3)
            h = mergeRound(h, state.v4)
        } else {
            h = seed &+ p5
        }
        h &+= UInt64(n)
        return tail(h, p + offset, count: n - offset)
    }

    /// The checksum of `data` in one pass.
    public static func hash(_ data: Data, seed: UInt64 = 0) -> UInt64 {
        data.withUnsafeBytes { hash($0, seed: seed) }
    }

    @inline(__always)
    static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    @inline(__always)
    static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        rotl(acc &+ input &* p2, 31) &* p1
    }

    @inline(__always)
    static func mergeRound(_ acc: UInt64, _ val: UInt64) -> UInt64 {
        (acc ^ round(0, val)) &* p1 &+ p4
    }

    @inline(__always)
    static func avalanche(_ x: UInt64) -> UInt64 {
        var h = x
        h ^= h >> 33
        h &*= p2
        h ^= h >> 29
        h &*= p3
        h ^= h >> 32
        return h
    }

    @inline(__always)
    static func load64(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Consumes `count` 32-byte stripes into the four lanes.
    private mutating func stripes(_ p: UnsafeRawPointer, count: Int) {
        var a = v1, b = v2, c = v3, d = v4
        var q = p
        for _ in 0..<count {
            a = Self.round(a, Self.load64(q, 0))
            b = Self.round(b, Self.load64(q, 8))
            c = Self.round(c, Self.load64(q, 16))
            d = Self.round(d, Self.load64(q, 24))
            q += 32
        }
        v1 = a; v2 = b; v3 = c; v4 = d
    }

    /// Mixes the last `count` (< 32) bytes at `p` into `h` and avalanches.
    private static func tail(_ hash: UInt64, _ p: UnsafeRawPointer, count: Int) -> UInt64 {
        var h = hash
        var i = 0
        while i + 8 <= count {
            h ^= round(0, load64(p, i))
            h = rotl(h, 27) &* p1 &+ p4
            i += 8
        }
        if i + 4 <= count {
            h ^= UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt32.self))) &* p1
            h = rotl(h, 23) &* p2 &+ p3
            i += 4
        }
        while i < count {
            h ^= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) &* p5
            h = rotl(h, 11) &* p1
            i += 1
        }
        return avalanche(h)
    }
}
