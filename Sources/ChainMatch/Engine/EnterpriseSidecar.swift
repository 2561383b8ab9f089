import Foundation

/// What a batch needs about every enterprise besides its features: the hard-constraint needs the
/// masks test, the typical project size and the chains it leads (for reasons), kept beside the
/// feature store so a batch that reuses the store need not encode any enterprise.
///
/// ```swift
/// let path = EnterpriseSidecar.path(besideStore: "out/.cache/enterprises.store")   // ….store.needs
/// try EnterpriseSidecar(encoding: encoding).write(sourceDigest: digest, to: path)
/// let sidecar = try EnterpriseSidecar.read(path: path, expectedSourceDigest: digest, expectedRows: store.rows)
/// ```
///
/// Binary, little-endian, version 3: magic `89 43 4D 4E 44 0D 0A 1A`; u32 version; u32 zero; the
/// source digest (u32 length + UTF-8); u64 rows; u64 node words per row; u64 nodes; u64 node-order
/// length; then the arrays lists (u32 each), node words (u64, rows × words per row), node-order
/// starts (i32, rows + 1), node order (i32), node strengths (Float32, one per node-order entry), project investment (Float64), per node land, energy and
/// water per 亿元 (Float64 each) and two-high (one byte each); then u64 count of chain-leader
/// entries, each u64 row + chain id (u32 length + UTF-8); finally the XXH64 of all preceding bytes.
/// Problems are reported as `FeatureStoreError`, like the store itself, so a caller rebuilds both.
public struct EnterpriseSidecar: Sendable, Equatable {
    public static let formatVersion: UInt32 = 3
    static let magic: [UInt8] = [0x89, 0x43, 0x4D, 0x4E, 0x44, 0x0D, 0x0A, 0x1A]

    public var needs: EnterpriseNeeds
    public var projectInvestment100m: [Double]
    public var chainLeaderOf: [[String]]

    public init(needs: EnterpriseNeeds, projectInvestment100m: [Double], chainLeaderOf: [[String]]) {
        self.needs = needs
        self.projectInvestment100m = projectInvestment100m
        self.chainLeaderOf = chainLeaderOf
    }

    public init(encoding: EnterpriseEncoding) {
        self.init(needs: encoding.needs, projectInvestment100m: encoding.projectInvestment100m, chainLeaderOf: encoding.chainLeaderOf)
    }

    public var rows: Int { needs.count }

    /// `<store path>.needs`.
    public static func path(besideStore storePath: String) -> String { storePath + ".needs" }

    public func encoded(sourceDigest: String) -> Data {
        var w = BinaryWriter()
        w.bytes(Self.magic)
        w.u32(Self.formatVersion)
        w.u32(0)
        w.string(sourceDigest)
        w.int(rows)
        w.int(needs.nodeWordsPerRow)
        w.int(needs.unit.landMuPer100m.count)
        w.int(needs.nodeOrder.count)
        var data = w.data
        func raw<T>(_ array: [T]) { array.withUnsafeBytes { data.append(contentsOf: $0) } }
        raw(needs.lists.map(\.rawValue))
        raw(needs.nodeWords)
        raw(needs.nodeOrderStart)
        raw(needs.nodeOrder)
        raw(needs.nodeStrength)
        raw(needs.projectInvestment100m)
        raw(needs.unit.landMuPer100m); raw(needs.unit.energyTcePer100m); raw(needs.unit.waterTPer100m)
        raw(needs.unit.twoHigh.map { $0 ? UInt8(1) : 0 })
        var tail = BinaryWriter()
        let leaders = chainLeaderOf.enumerated().flatMap { row, chains in chains.map { (row, $0) } }
        tail.int(leaders.count)
        for (row, chain) in leaders { tail.int(row); tail.string(chain) }
        data.append(tail.data)
        let check = XXHash64.hash(data)
        withUnsafeBytes(of: check.littleEndian) { data.append(contentsOf: $0) }
        return data
    }

    /// Writes the sidecar atomically.
    public func write(sourceDigest: String, to path: String) throws {
        try AtomicFile.write(encoded(sourceDigest: sourceDigest), to: path)
    }

    /// Reads and checks the sidecar at `path`.
    public static func read(path: String, expectedSourceDigest: String? = nil, expectedRows: Int? = nil) throws -> EnterpriseSidecar {
        let data: Data
        do {
            data = try FileContents.read(path, mapped: true)
        } catch {
            if !FileManager.default.fileExists(atPath: path) { throw FeatureStoreError.missing(path: path) }
            throw FeatureStoreError.unreadable(path: path, error.localizedDescription)
        }
        guard data.count >= magic.count, data.prefix(magic.count).elementsEqual(magic) else { throw FeatureStoreError.badMagic(path: path) }
        guard data.count >= 24 else { throw FeatureStoreError.truncated(path: path, expectedBytes: 24, actualBytes: data.count) }
        let body = data.prefix(data.count - 8)
        let stored = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: data.count - 8, as: UInt64.self)) }
        let computed = XXHash64.hash(Data(body))
        guard computed == stored else { throw FeatureStoreError.payloadChecksumMismatch(path: path, stored: stored, computed: computed) }
        var r = BinaryReader(Data(body), file: path)
        func corrupt(_ error: Error) -> FeatureStoreError { .corrupt(path: path, "\(error)") }
        do {
            _ = try r.bytes(magic.count)
            let version = try r.u32()
            guard version == formatVersion else { throw FeatureStoreError.unsupportedVersion(path: path, found: version, supported: formatVersion) }
            _ = try r.u32()
            let digest = try r.string("source digest")
            if let expectedSourceDigest, digest != expectedSourceDigest {
                throw FeatureStoreError.staleSource(path: path, stored: digest, expected: expectedSourceDigest)
            }
            let rows = try r.int(max: 1 << 40, "rows")
            let words = try r.int(max: 1 << 20, "node words per row")
            let nodes = try r.int(max: 1 << 20, "nodes")
            let orderCount = try r.int(max: 1 << 40, "node-order length")
            if let expectedRows, expectedRows != rows { throw FeatureStoreError.corrupt(path: path, "\(rows) rows for a store of \(expectedRows)") }
            func array<T>(_ count: Int, _ type: T.Type) throws -> [T] {
                let bytes = try r.bytes(count * MemoryLayout<T>.stride)
                return bytes.withUnsafeBytes { raw in (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.stride, as: T.self) } }
            }
            var needs = EnterpriseNeeds(count: 0)
            needs.lists = try array(rows, UInt32.self).map { ListMembership(rawValue: $0) }
            needs.nodeWordsPerRow = words
            needs.nodeWords = try array(rows * words, UInt64.self)
            needs.nodeOrderStart = try array(rows + 1, Int32.self)
            needs.nodeOrder = try array(orderCount, Int32.self)
            let starts = needs.nodeOrderStart
            guard starts.first == 0, starts.last == Int32(orderCount), zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }),
                  needs.nodeOrder.allSatisfy({ $0 >= 0 && Int($0) < nodes }) else {
                throw FeatureStoreError.corrupt(path: path, "node order out of range")
            }
            needs.nodeStrength = try array(orderCount, Float.self)
            needs.projectInvestment100m = try array(rows, Double.self)
            needs.unit = NodeUnitNeeds(landMuPer100m: try array(nodes, Double.self), energyTcePer100m: try array(nodes, Double.self),
                                       waterTPer100m: try array(nodes, Double.self), twoHigh: try array(nodes, UInt8.self).map { $0 != 0 })
            let investment = needs.projectInvestment100m
            var leaders = [[String]](repeating: [], count: rows)
            let entries = try r.int(max: rows * 1024, "chain-leader entries")
            for _ in 0..<entries {
                let row = try r.int(max: max(0, rows - 1), "chain-leader row")
                leaders[row].append(try r.string("chain id"))
            }
            guard r.remaining == 0 else { throw FeatureStoreError.corrupt(path: path, "\(r.remaining) unexpected bytes") }
            return EnterpriseSidecar(needs: needs, projectInvestment100m: investment, chainLeaderOf: leaders)
        } catch let error as FeatureStoreError {
            throw error
        } catch {
            throw corrupt(error)
        }
    }
}
