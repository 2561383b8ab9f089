import Foundation

/// A keyed container of the compact form: its keys are read in the order they were written and each is
/// compared with the key the reading type asks for.
///
/// ```swift
/// struct Point: Codable { var x: Double; var y: Double? }
/// let p = try CompactDecoder.decode(Point.self, from: CompactEncoder.encode(Point(x: 1, y: nil)), file: "p")
/// ```
struct CompactKeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    /// Where the next key is and how many keys are left; shared by copies of the container.
    final class Keys {
        let first: Int
        let total: Int
        var next: Int
        var left: Int
        init(first: Int, total: Int) { self.first = first; self.total = total; next = first; left = total }
    }

    let cursor: CompactCursor
    let keys: Keys
    var codingPath: [CodingKey] { [] }

    init(cursor: CompactCursor) throws {
        self.cursor = cursor
        let total = Int(try cursor.read(UInt32.self))
        keys = Keys(first: cursor.offset, total: total)
        for _ in 0..<total {
            let (start, n) = try cursor.span(at: cursor.offset)
            cursor.offset = start + n
        }
    }

    /// Every key, in written order (a dictionary or an enum asks for them).
    var allKeys: [Key] {
        var position = keys.first
        return (0..<keys.total).compactMap { _ in
            guard let (start, n) = try? cursor.span(at: position) else { return nil }
            position = start + n
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: cursor.bytes[start..<(start + n)]), as: UTF8.self)
            return Key(stringValue: text)
        }
    }

    private func nextKeyIs(_ key: Key) -> Bool {
        guard keys.left > 0, let (start, n) = try? cursor.span(at: keys.next) else { return false }
        var wanted = key.stringValue
        return wanted.withUTF8 { utf8 in
            utf8.count == n && (n == 0 || memcmp(utf8.baseAddress!, cursor.bytes.baseAddress! + start, n) == 0)
        }
    }

    func contains(_ key: Key) -> Bool { nextKeyIs(key) }

    /// Moves past `key`, which must be the next one written.
    private func take(_ key: Key) throws {
        guard nextKeyIs(key) else {
            throw cursor.failure("expected the field '\(key.stringValue)' (the data was written by another version)")
        }
        let (start, n) = try cursor.span(at: keys.next)
        keys.next = start + n
        keys.left -= 1
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try take(key)
        return try cursor.absent()
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try take(key)
        return try cursor.decode(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try optional(type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optional(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optional(type, key) }

    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        try take(key)
        return try cursor.absent() ? nil : try cursor.decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey> {
        try take(key)
        return try CompactDecoderState(cursor: cursor).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try take(key)
        return try CompactUnkeyedDecoder(cursor: cursor)
    }

    func superDecoder() throws -> Decoder { try superDecoder(forKey: Key(stringValue: "super")!) }

    func superDecoder(forKey key: Key) throws -> Decoder {
        try take(key)
        return CompactDecoderState(cursor: cursor)
    }
}
