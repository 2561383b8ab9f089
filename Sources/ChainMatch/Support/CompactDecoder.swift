import Foundation

/// Reads what `CompactEncoder` wrote, throwing `.badData` naming the file and byte on any mismatch.
///
/// ```swift
/// let bytes = try CompactEncoder.encode([1, 2, 3])
/// let back = try CompactDecoder.decode([Int].self, from: bytes, file: "numbers.bin")   // [1, 2, 3]
/// ```
///
/// Every read is bounds-checked and every key compared with the one the reading type asks for, so a
/// truncated file or one written by a type with other fields fails instead of yielding wrong values.
public enum CompactDecoder {
    /// The value of type `T` in `bytes`; all of them must be used.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer, file: String) throws -> T {
        let cursor = CompactCursor(bytes, file: file)
        let value = try cursor.decode(T.self)
        guard cursor.offset == bytes.count else { throw cursor.failure("\(bytes.count - cursor.offset) bytes left over") }
        return value
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], file: String) throws -> T {
        try bytes.withUnsafeBytes { try decode(type, from: $0, file: file) }
    }
}

/// The read position in the bytes, shared by every container of one decode.
final class CompactCursor {
    let bytes: UnsafeRawBufferPointer
    let file: String
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer, file: String) {
        self.bytes = bytes
        self.file = file
    }

    func failure(_ message: String, at position: Int? = nil) -> ChainMatchError {
        .badData(SourceLocation(file: file), "\(message) at byte \(position ?? offset)")
    }

    func need(_ n: Int, at position: Int) throws {
        guard n >= 0, position <= bytes.count - n else {
            throw failure("unexpected end of data (need \(n) bytes, \(bytes.count - position) left)", at: position)
        }
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type, at position: Int) throws -> I {
        try need(MemoryLayout<I>.size, at: position)
        return I(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: I.self))
    }

    func read<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let v = try integer(type, at: offset)
        offset += MemoryLayout<I>.size
        return v
    }

    /// A string's UTF-8 span at `position`: where its bytes start and how many there are.
    func span(at position: Int) throws -> (start: Int, count: Int) {
        let n = Int(try integer(UInt32.self, at: position))
        try need(n, at: position + 4)
        return (position + 4, n)
    }

    func string() throws -> String {
        let (start, n) = try span(at: offset)
        guard let s = String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + n)]), as: UTF8.self) else {
            throw failure("a string is not UTF-8")
        }
        offset = start + n
        return s
    }

    func rawArray<E>(_ type: E.Type) throws -> [E] {
        let n = try read(UInt64.self)
        let size = MemoryLayout<E>.stride
        guard n <= UInt64(bytes.count / max(size, 1)) else { throw failure("array length \(n) exceeds the data") }
        try need(Int(n) * size, at: offset)
        let source = bytes.baseAddress! + offset
        let out = [E](unsafeUninitializedCapacity: Int(n)) { buffer, count in
            UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: source, byteCount: Int(n) * size)
            count = Int(n)
        }
        offset += Int(n) * size
        return out
    }

    /// Reads a `T`: numbers, strings and flat arrays directly, anything else through `T(from:)`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard let kind = CompactKind.of(T.self) else { return try T(from: CompactDecoderState(cursor: self)) }
        func cast<V>(_ v: V) -> T { unsafeBitCast(v, to: T.self) }
        switch kind {
        case .string: return cast(try string())
        case .double: return cast(Double(bitPattern: try read(UInt64.self)))
        case .float: return cast(Float(bitPattern: try read(UInt32.self)))
        case .int: return cast(Int(try read(Int64.self)))
        case .bool:
            let b = try read(UInt8.self)
            guard b <= 1 else { throw failure("a flag is \(b), not 0 or 1", at: offset - 1) }
            return cast(b == 1)
        case .floats: return cast(try rawArray(Float.self))
        case .doubles: return cast(try rawArray(Double.self))
        case .int32s: return cast(try rawArray(Int32.self))
        case .uint64s: return cast(try rawArray(UInt64.self))
        case .ints: return cast(try rawArray(Int64.self).map { Int($0) })
        case .int64: return cast(try read(Int64.self))
        case .int32: return cast(try read(Int32.self))
        case .int16: return cast(try read(Int16.self))
        case .int8: return cast(try read(Int8.self))
        case .uint: return cast(UInt(try read(UInt64.self)))
        case .uint64: return cast(try read(UInt64.self))
        case .uint32: return cast(try read(UInt32.self))
        case .uint16: return cast(try read(UInt16.self))
        case .uint8: return cast(try read(UInt8.self))
        case .bytes: return cast(try rawArray(UInt8.self))
        }
    }

    /// Reads a presence byte: true when the optional is absent.
    func absent() throws -> Bool {
        let b = try read(UInt8.self)
        guard b <= 1 else { throw failure("a presence byte is \(b), not 0 or 1", at: offset - 1) }
        return b == 0
    }
}

/// The `Decoder` handed to a value's `init(from:)`.
struct CompactDecoderState: Decoder {
    let cursor: CompactCursor
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(try CompactKeyedDecoder<Key>(cursor: cursor))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer { try CompactUnkeyedDecoder(cursor: cursor) }

    func singleValueContainer() throws -> SingleValueDecodingContainer { CompactSingleDecoder(cursor: cursor) }
}

struct CompactSingleDecoder: SingleValueDecodingContainer {
    let cursor: CompactCursor
    var codingPath: [CodingKey] { [] }

    /// Only an optional asks; it reads the presence byte its encoding wrote.
    func decodeNil() -> Bool { (try? cursor.absent()) ?? true }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try cursor.decode(type) }
}

struct CompactUnkeyedDecoder: UnkeyedDecodingContainer {
    let cursor: CompactCursor
    let count: Int?
    private(set) var currentIndex = 0
    var codingPath: [CodingKey] { [] }
    var isAtEnd: Bool { currentIndex >= count! }

    init(cursor: CompactCursor) throws {
        self.cursor = cursor
        count = Int(try cursor.read(UInt32.self))
    }

    private mutating func advance() throws {
        guard !isAtEnd else { throw cursor.failure("reading past the \(count!) elements of a list") }
        currentIndex += 1
    }

    mutating func decodeNil() throws -> Bool {
        try advance()
        if try cursor.absent() { return true }
        currentIndex -= 1  // the element follows and is read by the next decode
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try advance()
        return try cursor.decode(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try advance()
        return try CompactDecoderState(cursor: cursor).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        try advance()
        return try CompactUnkeyedDecoder(cursor: cursor)
    }

    mutating func superDecoder() throws -> Decoder {
        try advance()
        return CompactDecoderState(cursor: cursor)
    }
}
