import Foundation

/// The compacted scorer's plan (`CompactedBlocks`: the rows in pattern order and each block's columns) for
/// a whole feature store, kept beside it so a nightly run over an unchanged store does not sort a million
/// rows again.
///
/// ```swift
/// let plan = try BlockPlanCache(storePath: path, sourceDigest: digest).plan(rows: x, rowCount: n, featureCount: d, blockRows: 64)
/// ```
///
/// The file (`<store>.plan`) holds the store's source digest, its shape, the block size and the plan, with
/// an XXH64 of the rest; any mismatch or damage means the plan is made again from the rows and the file
/// rewritten (atomically). The plan is a function of the rows alone, so a kept one scores exactly as a
/// fresh one; a file that cannot be written costs only the next run's time.
struct BlockPlanCache {
    let path: String
    let sourceDigest: String
    static let magic: [UInt8] = Array("CMPLAN01".utf8)

    init(storePath: String, sourceDigest: String) {
        path = storePath + ".plan"
        self.sourceDigest = sourceDigest
    }

    struct Contents: Codable {
        var sourceDigest: String
        var rowCount: Int
        var featureCount: Int
        var blockRows: Int
        var plan: CompactedBlocks
    }

    /// The kept plan when it matches, else a new one (written for next time); and whether it was kept.
    func plan(rows: UnsafeBufferPointer<Float>, rowCount: Int, featureCount: Int, blockRows: Int) -> (CompactedBlocks, kept: Bool) {
        if let kept = read(), kept.sourceDigest == sourceDigest, kept.rowCount == rowCount, kept.featureCount == featureCount,
           kept.blockRows == blockRows, kept.plan.blockRows == blockRows {
            return (kept.plan, true)
        }
        let plan = CompactedBlocks(rows: rows, rowCount: rowCount, featureCount: featureCount, blockRows: blockRows)
        try? write(Contents(sourceDigest: sourceDigest, rowCount: rowCount, featureCount: featureCount, blockRows: blockRows, plan: plan))
        return (plan, false)
    }

    func read() -> Contents? {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return nil }
        return data.withUnsafeBytes { raw -> Contents? in
            let head = Self.magic.count + 8
            guard raw.count >= head, raw[0..<Self.magic.count].elementsEqual(Self.magic) else { return nil }
            let digest = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: Self.magic.count, as: UInt64.self))
            let body = UnsafeRawBufferPointer(rebasing: raw[head...])
            guard XXHash64.hash(body) == digest else { return nil }
            return try? CompactDecoder.decode(Contents.self, from: body, file: path)
        }
    }

    func write(_ contents: Contents) throws {
        let body = try CompactEncoder.encode(contents)
        var out = Data(Self.magic)
        withUnsafeBytes(of: body.withUnsafeBytes { XXHash64.hash($0) }.littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: body)
        try AtomicFile.write(out, to: path)
    }
}
