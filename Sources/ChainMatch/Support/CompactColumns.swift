import Foundation

/// A column of strings stored once each: the distinct strings as one UTF-8 buffer and their end offsets,
/// and per row an index into them, so thousands of rows are read with a few flat copies and a repeated
/// string is built once and shared.
///
/// ```swift
/// let column = TextColumn(["锂", nil, "锂"])
/// column.value(0)   // "锂"
/// column.value(1)   // nil
/// column.distinct   // ["锂"]
/// ```
public struct TextColumn: Codable, Equatable, Sendable {
    /// The distinct strings, in the order first seen.
    public private(set) var distinct: [String] = []
    /// Per row, the index of its string in `distinct`, or -1 when the value is absent.
    public private(set) var codes: [Int32] = []

    public init(_ values: [String?]) {
        var index: [String: Int32] = [:]
        codes = values.map { v in
            guard let v else { return -1 }
            if let code = index[v] { return code }
            let code = Int32(distinct.count)
            index[v] = code
            distinct.append(v)
            return code
        }
    }

    public init(_ values: [String]) { self.init(values.map { Optional($0) }) }

    private enum CodingKeys: String, CodingKey { case bytes, ends, codes }

    public func encode(to encoder: Encoder) throws {
        var bytes: [UInt8] = []
        var ends: [Int32] = []
        for s in distinct {
            bytes.append(contentsOf: s.utf8)
            ends.append(Int32(bytes.count))
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(ends, forKey: .ends)
        try c.encode(codes, forKey: .codes)
    }

    /// Throws unless the offsets are ordered within the buffer and every code names a string.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let bytes = try c.decode([UInt8].self, forKey: .bytes)
        let ends = try c.decode([Int32].self, forKey: .ends)
        codes = try c.decode([Int32].self, forKey: .codes)
        guard zip([0] + ends.dropLast(), ends).allSatisfy({ 0 <= $0 && $0 <= $1 }), Int(ends.last ?? 0) == bytes.count,
              codes.allSatisfy({ $0 >= -1 && Int($0) < ends.count }) else {
            throw ChainMatchError.internalFailure("a text column is inconsistent (\(ends.count) strings, \(bytes.count) bytes)")
        }
        distinct = bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            return ends.map { end in
                defer { start = Int(end) }
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<Int(end)]), as: UTF8.self)
            }
        }
    }

    public var count: Int { codes.count }

    /// Throws unless the column has one value per row.
    public func validate(rows: Int, _ what: String) throws {
        guard codes.count == rows else {
            throw ChainMatchError.internalFailure("snapshot column \(what) has \(codes.count) values for \(rows) rows")
        }
    }

    public func value(_ i: Int) -> String? { codes[i] < 0 ? nil : distinct[Int(codes[i])] }

    /// The row's text (empty for an absent value).
    public func text(_ i: Int) -> String { codes[i] < 0 ? "" : distinct[Int(codes[i])] }

    /// Each row's value mapped through `transform`, which is called once per distinct string.
    public func mapped<T>(_ transform: (String) throws -> T) rethrows -> [T?] {
        let done = try distinct.map(transform)
        return codes.map { $0 < 0 ? nil : done[Int($0)] }
    }
}

/// Optional numbers as a flat array of values (0 where absent) and absence flags.
///
/// ```swift
/// let column = OptionalColumn<Double>([1.5, nil])
/// column.value(1)   // nil
/// ```
public struct OptionalColumn<V: Codable & Equatable & Sendable & AdditiveArithmetic>: Codable, Equatable, Sendable {
    var values: [V]
    var absent: [UInt8]

    public init(_ column: [V?]) {
        values = column.map { $0 ?? .zero }
        absent = column.map { $0 == nil ? 1 : 0 }
    }

    public func value(_ i: Int) -> V? { absent[i] != 0 ? nil : values[i] }

    public func validate(rows: Int, _ what: String) throws {
        guard values.count == rows, absent.count == rows else {
            throw ChainMatchError.internalFailure("snapshot column \(what) has \(values.count) values for \(rows) rows")
        }
    }
}

/// A list of strings per row: each row's count and all the strings in one `TextColumn`.
///
/// ```swift
/// let column = ListColumn([["新能源", "锂电池"], []])
/// column.list(0)   // ["新能源", "锂电池"]
/// ```
public struct ListColumn: Codable, Equatable, Sendable {
    var counts: [Int32]
    var items: TextColumn

    public init(_ lists: [[String]]) {
        counts = lists.map { Int32($0.count) }
        items = TextColumn(lists.flatMap { $0 })
    }

    /// The start of each row's items, for reading them in order.
    public func starts() -> [Int] {
        var s = 0
        return counts.map { c in defer { s += Int(c) }; return s }
    }

    public func list(_ i: Int, start: Int) -> [String] { (start..<(start + Int(counts[i]))).map { items.text($0) } }

    public func validate(rows: Int, _ what: String) throws {
        guard counts.count == rows, counts.allSatisfy({ $0 >= 0 }) else {
            throw ChainMatchError.internalFailure("snapshot column \(what) has \(counts.count) counts for \(rows) rows")
        }
        try items.validate(rows: counts.reduce(0) { $0 + Int($1) }, what)
    }
}
