/// The CRC-32 checksum of zip, gzip and PNG (IEEE 802.3, reflected polynomial 0xEDB88320).
///
/// ```swift
/// CRC32.checksum(Array("123456789".utf8))   // 0xCBF43926
/// var crc = CRC32()
/// crc.update(Array("1234".utf8)); crc.update(Array("56789".utf8))
/// crc.value                                   // 0xCBF43926 as well
/// ```
///
/// Table-driven, one byte at a time: ample for the few megabytes of a workbook.
public struct CRC32: Sendable {
    /// The remainder of every byte value, computed once.
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    private var state: UInt32 = 0xFFFF_FFFF

    public init() {}

    /// Feeds more bytes; the checksum of a stream does not depend on how it is cut.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        var c = state
        Self.table.withUnsafeBufferPointer { t in
            for b in bytes { c = t[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        }
        state = c
    }

    /// The checksum of the bytes fed so far.
    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    /// The checksum of `bytes` in one call.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }
}
