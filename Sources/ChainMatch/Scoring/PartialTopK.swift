import Foundation

/// One shard's per-campaign top k, as a file that `merge` combines into the result of a single run.
///
/// ```swift
/// let rows = shard.rowRange(totalRows: store.rows)
/// let tops = try store.withRows(rows) {
///     try scorer.rank(rows: $0, rowCount: rows.count, featureCount: store.columns, weights: w, indexOffset: rows.lowerBound)
/// }
/// try PartialTopK(inputDigest: d, campaignIDs: ids, k: 50, shard: shard, totalRows: store.rows, tops: tops)
///     .write(to: "out/part-\(shard.index)-of-\(shard.count).ptk")
///
/// let parts = try paths.map(PartialTopK.read(from:))
/// let merged = try PartialTopK.merge(parts, names: paths)  // one TopK per parts[0].campaignIDs, as one run
/// ```
///
/// The input digest identifies everything the scores depend on (features, weights, masks, k), so
/// partial results of different inputs cannot be merged. Scores are stored as their IEEE-754 bit
/// patterns, so a merged result is bit-identical to a single run.
///
/// Binary layout, little-endian, version 1: magic `89 43 4D 50 4B 0D 0A 1A`; u32 version; u32 zero;
/// u64 k, shard index, shard count, first row, end row, total rows, campaign count; the input digest
/// and each campaign id as u32 length + UTF-8; per campaign a u32 item count then (u64 index,
/// u32 score bits) per item, best first; finally the XXH64 of all preceding bytes.
public struct PartialTopK: Equatable, Sendable {
    public static let formatVersion: UInt32 = 1
    static let magic: [UInt8] = [0x89, 0x43, 0x4D, 0x50, 0x4B, 0x0D, 0x0A, 0x1A]

    /// Identifies the inputs; only partial results with equal digests merge.
    public let inputDigest: String
    public let campaignIDs: [String]
    public let k: Int
    public let shard: ShardSpec
    /// Enterprise rows of the whole run; the shard covers `rowRange` of them.
    public let totalRows: Int
    /// Per campaign, the kept items (global row index and score), best first.
    public let items: [[ScoredItem]]

    /// The rows this shard scored.
    public var rowRange: Range<Int> { shard.rowRange(totalRows: totalRows) }

    /// A partial result from the items kept per campaign; checks sizes and index ranges.
    public init(inputDigest: String, campaignIDs: [String], k: Int, shard: ShardSpec, totalRows: Int,
                items: [[ScoredItem]]) throws {
        guard k >= 0, totalRows >= 0 else { throw ChainMatchError.dimensionMismatch("k and totalRows must be non-negative") }
        guard items.count == campaignIDs.count else {
            throw ChainMatchError.dimensionMismatch("\(items.count) result lists for \(campaignIDs.count) campaigns")
        }
        let range = shard.rowRange(totalRows: totalRows)
        for (c, list) in items.enumerated() {
            guard list.count <= k else {
                throw ChainMatchError.dimensionMismatch("campaign '\(campaignIDs[c])' keeps \(list.count) items, more than k = \(k)")
            }
            if let bad = list.first(where: { !range.contains($0.index) || $0.score.isNaN }) {
                throw ChainMatchError.dimensionMismatch("campaign '\(campaignIDs[c])': item \(bad.index) (score \(bad.score)) is not a valid row of shard \(shard) (rows \(range))")
            }
            if Set(list.map(\.index)).count != list.count {
                throw ChainMatchError.dimensionMismatch("campaign '\(campaignIDs[c])' lists an enterprise row twice")
            }
        }
        self.inputDigest = inputDigest
        self.campaignIDs = campaignIDs
        self.k = k
        self.shard = shard
        self.totalRows = totalRows
        self.items = items.map { $0.sorted(by: ScoredItem.ranksBefore) }
    }

    /// A partial result from the scorer's heaps (one per campaign, all with the same `k`).
    public init(inputDigest: String, campaignIDs: [String], k: Int, shard: ShardSpec, totalRows: Int,
                tops: [TopK]) throws {
        guard tops.allSatisfy({ $0.k == k }) else { throw ChainMatchError.dimensionMismatch("heaps with k other than \(k)") }
        try self.init(inputDigest: inputDigest, campaignIDs: campaignIDs, k: k, shard: shard, totalRows: totalRows,
                      items: tops.map { $0.sorted() })
    }

    // MARK: encoding

    /// The file's bytes.
    public func encoded() -> Data {
        var w = BinaryWriter()
        w.bytes(Self.magic)
        w.u32(Self.formatVersion)
        w.u32(0)
        let range = rowRange
        for v in [k, shard.index, shard.count, range.lowerBound, range.upperBound, totalRows, campaignIDs.count] { w.int(v) }
        w.string(inputDigest)
        for id in campaignIDs { w.string(id) }
        for list in items {
            w.u32(UInt32(list.count))
            for item in list {
                w.int(item.index)
                w.u32(item.score.bitPattern)
            }
        }
        var data = w.data
        withUnsafeBytes(of: XXHash64.hash(data).littleEndian) { data.append(contentsOf: $0) }
        return data
    }

    /// Reads a partial result from `data`; `file` names it in errors.
    public static func decode(_ data: Data, file: String) throws -> PartialTopK {
        func bad(_ message: String) -> ChainMatchError { .badData(SourceLocation(file: file), message) }
        guard data.count >= 16, data.prefix(magic.count).elementsEqual(magic) else {
            throw bad(data.count < magic.count ? "not a partial top-k file (only \(data.count) bytes)" : "not a partial top-k file (bad magic)")
        }
        var r = BinaryReader(data, file: file)
        _ = try r.bytes(magic.count)
        let version = try r.u32()
        guard version == formatVersion else { throw bad("partial top-k format version \(version), this build reads \(formatVersion)") }
        guard data.count >= 24 else { throw bad("truncated partial top-k file (\(data.count) bytes)") }
        let body = data.prefix(data.count - 8)
        let stored = data.suffix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard XXHash64.hash(body) == stored else { throw bad("checksum mismatch: the file is truncated or corrupt") }
        r = BinaryReader(Data(body), file: file)
        _ = try r.bytes(16)
        let k = try r.int(max: Int(UInt32.max), "k")
        let index = try r.int("shard index"), count = try r.int("shard count")
        let lower = try r.int("first row"), upper = try r.int("end row"), total = try r.int("total rows")
        let campaigns = try r.int(max: r.remaining / 4, "campaign count")
        let shard: ShardSpec
        do { shard = try ShardSpec(index: index, count: count) } catch { throw bad("invalid shard \(index)/\(count)") }
        guard lower <= upper, shard.rowRange(totalRows: total) == lower..<upper else {
            throw bad("rows \(lower)..<\(upper) are not shard \(shard) of \(total) rows")
        }
        let digest = try r.string("input digest")
        var ids: [String] = []
        ids.reserveCapacity(campaigns)
        for _ in 0..<campaigns { ids.append(try r.string("campaign id")) }
        var items: [[ScoredItem]] = []
        items.reserveCapacity(campaigns)
        for _ in 0..<campaigns {
            let n = Int(try r.u32())
            guard n <= r.remaining / 12 else { throw r.failure("item count \(n) exceeds the file") }
            var list: [ScoredItem] = []
            list.reserveCapacity(n)
            for _ in 0..<n {
                let i = try r.int("row index")
                list.append(ScoredItem(index: i, score: Float(bitPattern: try r.u32())))
            }
            items.append(list)
        }
        guard r.remaining == 0 else { throw r.failure("\(r.remaining) unexpected bytes") }
        do {
            return try PartialTopK(inputDigest: digest, campaignIDs: ids, k: k, shard: shard, totalRows: total, items: items)
        } catch let error as ChainMatchError {
            if case .dimensionMismatch(let message) = error { throw bad(message) }
            throw error
        }
    }

    /// Writes the file atomically.
    public func write(to path: String) throws {
        try AtomicFile.write(encoded(), to: path)
    }

    /// Reads and checks the file at `path`.
    public static func read(from path: String) throws -> PartialTopK {
        let data: Data
        do {
            data = try FileContents.read(path)
        } catch {
            throw ChainMatchError.missingInput(path: path, "cannot read partial top-k: \(error.localizedDescription)")
        }
        return try decode(data, file: path)
    }

    // MARK: merging

    /// Reads and merges the partial results in `files`; errors name the offending file.
    public static func merge(files: [String]) throws -> [TopK] {
        try merge(files.map { try read(from: $0) }, names: files)
    }

    /// Merges the partial results of every shard of one run into each campaign's top k.
    ///
    /// The parts must agree on inputs, campaigns (same ids, same order), k, total rows and shard
    /// count, and hold each shard exactly once, so they cover `0..<totalRows` exactly once. `names`
    /// (file paths, usually) label the parts in errors; by default `shard i/n`.
    public static func merge(_ parts: [PartialTopK], names: [String]? = nil) throws -> [TopK] {
        guard let first = parts.first else {
            throw ChainMatchError.missingInput(path: "partial results", "no partial top-k files to merge")
        }
        let names = names ?? parts.map { "shard \($0.shard)" }
        guard names.count == parts.count else { throw ChainMatchError.dimensionMismatch("\(names.count) names for \(parts.count) parts") }
        func bad(_ i: Int, _ message: String) -> ChainMatchError { .badData(SourceLocation(file: names[i]), message) }

        var seen: [Int: Int] = [:]
        for (i, part) in parts.enumerated() {
            if part.inputDigest != first.inputDigest {
                throw bad(i, "built from other inputs (\(part.inputDigest)) than \(names[0]) (\(first.inputDigest)); partial results of different inputs cannot be merged")
            }
            if part.campaignIDs != first.campaignIDs {
                let at = (0..<min(part.campaignIDs.count, first.campaignIDs.count)).first { part.campaignIDs[$0] != first.campaignIDs[$0] }
                let detail = at.map { "campaign \($0 + 1) is '\(part.campaignIDs[$0])', in \(names[0]) '\(first.campaignIDs[$0])'" }
                    ?? "\(part.campaignIDs.count) campaigns, \(names[0]) has \(first.campaignIDs.count)"
                throw bad(i, "campaigns differ from \(names[0]): \(detail)")
            }
            if part.k != first.k { throw bad(i, "k = \(part.k), \(names[0]) has k = \(first.k)") }
            if part.totalRows != first.totalRows {
                throw bad(i, "ranks \(part.totalRows) enterprises, \(names[0]) ranks \(first.totalRows)")
            }
            if part.shard.count != first.shard.count {
                throw bad(i, "is shard \(part.shard) but \(names[0]) is shard \(first.shard): shard counts differ")
            }
            if let earlier = seen[part.shard.index] {
                throw bad(i, "shard \(part.shard) is also in \(names[earlier]): it would be counted twice")
            }
            seen[part.shard.index] = i
        }
        if let missing = (0..<first.shard.count).first(where: { seen[$0] == nil }) {
            let have = (0..<first.shard.count).compactMap { seen[$0] }.map { names[$0] }
            throw ChainMatchError.missingInput(
                path: "shard \(missing)/\(first.shard.count)",
                "partial result missing (\(have.count) of \(first.shard.count) shards given: \(have.prefix(4).joined(separator: ", "))\(have.count > 4 ? ", …" : ""))")
        }
        // Each shard once and all of one count: the row ranges tile 0..<totalRows. Checked anyway.
        var next = 0
        for index in 0..<first.shard.count {
            let range = parts[seen[index]!].rowRange
            guard range.lowerBound == next else { throw bad(seen[index]!, "rows \(range) do not follow row \(next)") }
            next = range.upperBound
        }
        guard next == first.totalRows else { throw ChainMatchError.internalFailure("shards cover \(next) of \(first.totalRows) rows") }

        var merged = [TopK](repeating: TopK(k: first.k), count: first.campaignIDs.count)
        for part in parts {
            for (c, list) in part.items.enumerated() {
                for item in list { merged[c].offer(item) }
            }
        }
        return merged
    }
}
