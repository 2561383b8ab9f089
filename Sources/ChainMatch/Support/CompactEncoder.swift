import Foundation

/// Writes `Encodable` values in a compact binary form that `CompactDecoder` reads back.
///
/// ```swift
/// let bytes = try CompactEncoder.encode(["a": [1.5, 2]] as [String: [Double]])
/// let back = try CompactDecoder.decode([String: [Double]].self, from: bytes, file: "x.bin")
/// ```
///
/// The form is made for values whose conformance the compiler synthesizes, read by the same build that
/// wrote them (a snapshot records the engine version and is rebuilt when it differs). A keyed container is
/// its key count, its keys and then its values in order; an unkeyed one its count and values; numbers are
/// little-endian at their own width; a string is a `u32` byte count and UTF-8; an optional is a presence
/// byte before its value; arrays of `Float`, `Double`, `Int`, `Int32`, `UInt64` and `UInt8` are a count and the raw
/// elements. Keys are checked on reading, so a value read by a type with other fields fails loudly.
public enum CompactEncoder {
    /// The bytes of `value`.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = CompactNode()
        try CompactEncoding.encode(value, into: root)
        var out: [UInt8] = []
        out.reserveCapacity(root.bytes.count)
        root.flatten(into: &out)
        return out
    }
}

/// One container's bytes while encoding, with the nested containers spliced in when flattened.
final class CompactNode {
    enum Kind { case single, keyed, unkeyed }
    var kind = Kind.single
    var bytes: [UInt8] = []
    var keys: [String] = []
    var count = 0
    var children: [(offset: Int, node: CompactNode)] = []

    func child() -> CompactNode {
        let node = CompactNode()
        children.append((bytes.count, node))
        return node
    }

    func flatten(into out: inout [UInt8]) {
        switch kind {
        case .single: break
        case .keyed:
            CompactEncoding.append(UInt32(keys.count), to: &out)
            for key in keys { CompactEncoding.append(key, to: &out) }
        case .unkeyed:
            CompactEncoding.append(UInt32(count), to: &out)
        }
        var start = 0
        for (offset, node) in children {
            out.append(contentsOf: bytes[start..<offset])
            node.flatten(into: &out)
            start = offset
        }
        out.append(contentsOf: bytes[start...])
    }
}

/// The primitive writes shared by the three container kinds.
enum CompactEncoding {
    static func append<I: FixedWidthInteger>(_ v: I, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    static func append(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { utf8 in
            append(UInt32(utf8.count), to: &out)
            out.append(contentsOf: utf8)
        }
    }

    static func appendRaw<E>(_ a: [E], to out: inout [UInt8]) {
        append(UInt64(a.count), to: &out)
        a.withUnsafeBytes { out.append(contentsOf: $0) }
    }

    /// Writes `value` into `node`: numbers and strings inline, flat arrays raw, anything else through its
    /// own `encode(to:)` into a nested node.
    static func encode<T: Encodable>(_ value: T, into node: CompactNode) throws {
        func the<V>(_: V.Type) -> V { unsafeBitCast(value, to: V.self) }
        guard let kind = CompactKind.of(T.self) else {
            if let optional = value as? CompactOptional { node.bytes.append(optional.isNone ? 0 : 1) }
            try value.encode(to: CompactEncoderState(node: node.child()))
            return
        }
        switch kind {
        case .string: append(the(String.self), to: &node.bytes)
        case .double: append(the(Double.self).bitPattern, to: &node.bytes)
        case .float: append(the(Float.self).bitPattern, to: &node.bytes)
        case .int: append(Int64(the(Int.self)), to: &node.bytes)
        case .bool: node.bytes.append(the(Bool.self) ? 1 : 0)
        case .floats: appendRaw(the([Float].self), to: &node.bytes)
        case .doubles: appendRaw(the([Double].self), to: &node.bytes)
        case .int32s: appendRaw(the([Int32].self), to: &node.bytes)
        case .uint64s: appendRaw(the([UInt64].self), to: &node.bytes)
        case .ints: appendRaw(the([Int].self).map { Int64($0) }, to: &node.bytes)
        case .int64: append(the(Int64.self), to: &node.bytes)
        case .int32: append(the(Int32.self), to: &node.bytes)
        case .int16: append(the(Int16.self), to: &node.bytes)
        case .int8: append(the(Int8.self), to: &node.bytes)
        case .uint: append(UInt64(the(UInt.self)), to: &node.bytes)
        case .uint64: append(the(UInt64.self), to: &node.bytes)
        case .uint32: append(the(UInt32.self), to: &node.bytes)
        case .uint16: append(the(UInt16.self), to: &node.bytes)
        case .uint8: append(the(UInt8.self), to: &node.bytes)
        case .bytes: appendRaw(the([UInt8].self), to: &node.bytes)
        }
    }
}

/// The types written inline rather than through their own `encode(to:)`, found by exact type (a cast
/// would unwrap optionals and match an empty array of any element type) in one table lookup.
enum CompactKind {
    case string, double, float, int, bool, floats, doubles, int32s, uint64s, ints
    case int64, int32, int16, int8, uint, uint64, uint32, uint16, uint8, bytes

    private static let table: [ObjectIdentifier: CompactKind] = [
        ObjectIdentifier(String.self): .string, ObjectIdentifier(Double.self): .double, ObjectIdentifier(Float.self): .float,
        ObjectIdentifier(Int.self): .int, ObjectIdentifier(Bool.self): .bool, ObjectIdentifier([Float].self): .floats,
        ObjectIdentifier([Double].self): .doubles, ObjectIdentifier([Int32].self): .int32s, ObjectIdentifier([UInt64].self): .uint64s,
        ObjectIdentifier([Int].self): .ints, ObjectIdentifier(Int64.self): .int64, ObjectIdentifier(Int32.self): .int32,
        ObjectIdentifier(Int16.self): .int16, ObjectIdentifier(Int8.self): .int8, ObjectIdentifier(UInt.self): .uint,
        ObjectIdentifier(UInt64.self): .uint64, ObjectIdentifier(UInt32.self): .uint32, ObjectIdentifier(UInt16.self): .uint16,
        ObjectIdentifier(UInt8.self): .uint8, ObjectIdentifier([UInt8].self): .bytes,
    ]

    static func of(_ type: Any.Type) -> CompactKind? { table[ObjectIdentifier(type)] }
}

/// Optionals carry a presence byte wherever they are written.
protocol CompactOptional { var isNone: Bool { get } }
extension Optional: CompactOptional { var isNone: Bool { self == nil } }

/// The `Encoder` handed to a value's `encode(to:)`; it owns the node the value writes into.
struct CompactEncoderState: Encoder {
    let node: CompactNode
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.kind = .keyed
        return KeyedEncodingContainer(CompactKeyedEncoder<Key>(node: node))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        node.kind = .unkeyed
        return CompactUnkeyedEncoder(node: node)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { CompactSingleEncoder(node: node) }
}

struct CompactKeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: CompactNode
    var codingPath: [CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {
        node.keys.append(key.stringValue)
        node.bytes.append(0)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.keys.append(key.stringValue)
        try CompactEncoding.encode(value, into: node)
    }

    /// Every optional field is written, absent or not, so fields are read in declaration order.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try writeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try writeOptional(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try writeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try writeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try writeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try writeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try writeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try writeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try writeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try writeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try writeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try writeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try writeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try writeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try writeOptional(value, key) }

    private func writeOptional<T: Encodable>(_ value: T?, _ key: Key) throws {
        node.keys.append(key.stringValue)
        node.bytes.append(value == nil ? 0 : 1)
        if let value { try CompactEncoding.encode(value, into: node) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey> {
        node.keys.append(key.stringValue)
        return CompactEncoderState(node: node.child()).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        node.keys.append(key.stringValue)
        return CompactEncoderState(node: node.child()).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> Encoder {
        node.keys.append(key.stringValue)
        return CompactEncoderState(node: node.child())
    }
}

struct CompactUnkeyedEncoder: UnkeyedEncodingContainer {
    let node: CompactNode
    var codingPath: [CodingKey] { [] }
    var count: Int { node.count }

    mutating func encodeNil() throws {
        node.count += 1
        node.bytes.append(0)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.count += 1
        try CompactEncoding.encode(value, into: node)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        node.count += 1
        return CompactEncoderState(node: node.child()).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        node.count += 1
        return CompactEncoderState(node: node.child()).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder {
        node.count += 1
        return CompactEncoderState(node: node.child())
    }
}

struct CompactSingleEncoder: SingleValueEncodingContainer {
    let node: CompactNode
    var codingPath: [CodingKey] { [] }

    /// Only an optional writes nil here, after its presence byte (0) is already down.
    mutating func encodeNil() throws {}

    mutating func encode<T: Encodable>(_ value: T) throws { try CompactEncoding.encode(value, into: node) }
}
