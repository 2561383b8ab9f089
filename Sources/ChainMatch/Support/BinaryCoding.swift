import Foundation

/// Appends little-endian integers and length-prefixed strings to a byte buffer.
///
/// ```swift
/// var w = BinaryWriter()
/// w.u64(42); w.string("campaign-7")
/// let bytes = w.data
/// ```
struct BinaryWriter {
    private(set) var data = Data()

    mutating func bytes(_ b: [UInt8]) { data.append(contentsOf: b) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func int(_ v: Int) { u64(UInt64(v)) }

    /// A `u32` byte count, then the UTF-8 bytes.
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        u32(UInt32(utf8.count))
        data.append(contentsOf: utf8)
    }
}

/// Reads what `BinaryWriter` wrote, throwing `.badData` naming the file and offset on any overrun.
///
/// ```swift
/// var r = BinaryReader(data, file: "shard-0.ptk")
/// let n = try r.int(); let id = try r.string()
/// ```
struct BinaryReader {
    let data: Data
    let file: String
    private(set) var offset = 0

    init(_ data: Data, file: String) {
        self.data = data
        self.file = file
    }

    var remaining: Int { data.count - offset }

    func failure(_ message: String) -> ChainMatchError {
        .badData(SourceLocation(file: file), "\(message) at byte \(offset)")
    }

    mutating func bytes(_ n: Int) throws -> [UInt8] {
        guard n >= 0, n <= remaining else { throw failure("unexpected end of file (need \(n) bytes, \(remaining) left)") }
        let start = data.startIndex + offset
        offset += n
        return Array(data[start..<(start + n)])
    }

    mutating func u32() throws -> UInt32 {
        guard remaining >= 4 else { throw failure("unexpected end of file") }
        let v = data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
        offset += 4
        return UInt32(littleEndian: v)
    }

    mutating func u64() throws -> UInt64 {
        guard remaining >= 8 else { throw failure("unexpected end of file") }
        let v = data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
        offset += 8
        return UInt64(littleEndian: v)
    }

    /// A `u64` that must fit a non-negative `Int` no larger than `limit`.
    mutating func int(max limit: Int = Int.max, _ what: String) throws -> Int {
        let v = try u64()
        guard v <= UInt64(limit) else { throw failure("\(what) \(v) is out of range") }
        return Int(v)
    }

    mutating func string(_ what: String) throws -> String {
        let n = Int(try u32())
        guard let s = String(validating: try bytes(n), as: UTF8.self) else { throw failure("\(what) is not UTF-8") }
        return s
    }
}
