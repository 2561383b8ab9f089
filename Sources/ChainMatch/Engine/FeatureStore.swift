import Foundation

/// A binary file of enterprise features (Float32, row-major), memory-mapped read-only for scoring.
///
/// ```swift
/// let (store, rebuilt) = try FeatureStore.openOrRebuild(path: "cache/features.store", sourceDigest: digest) {
///     try encodeAllEnterprises()                       // a Matrix, only when needed
/// }
/// if let rebuilt { log("rebuilt features: \(rebuilt.reason)") }
/// let tops = try store.withRows { try scorer.rank(rows: $0, rowCount: store.rows, featureCount: store.columns, weights: w) }
/// ```
///
/// Layout, little-endian, format version 1 (offsets in bytes):
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 8 | magic `89 43 4D 46 53 0D 0A 1A` (`\x89CMFS\r\n\x1A`) |
/// | 8 | 4 | format version (1) |
/// | 12 | 4 | header size (256) |
/// | 16 | 8 | rows |
/// | 24 | 8 | columns |
/// | 32 | 8 | payload offset (256, a multiple of 64) |
/// | 40 | 8 | payload bytes (rows × columns × 4) |
/// | 48 | 8 | XXH64 (seed 0) of the payload |
/// | 56 | 4 | element type (1 = Float32) |
/// | 60 | 4 | source digest length in bytes (≤ 128) |
/// | 64 | 128 | source digest, UTF-8, zero-padded |
/// | 192 | 56 | reserved, zero |
/// | 248 | 8 | XXH64 (seed 0) of header bytes 0..<248 |
/// | 256 | … | payload: rows × columns Float32, row-major; the file ends with it |
///
/// The source digest names the data the store was built from (say, a SHA-256 over the input files),
/// so a store whose sources changed is detected as stale and rebuilt. Enterprise ids are not in the
/// store: row `i` is the `i`-th enterprise of the sources, and `RowIDTable` keeps the ids in a small
/// text file beside the store (`openOrRebuildWithIDs` handles both). A store is written atomically
/// (temporary file, then rename), so a reader sees either the old store or the new one; since the
/// mapping is of the file opened, replacing the file later does not disturb an open store.
public final class FeatureStore: @unchecked Sendable {
    /// How much of a store `open` checks.
    public enum Verification: Sendable {
        /// Header and payload checksums (reads the whole payload once).
        case full
        /// Header checksum, sizes and source digest only; for callers that verified the file before.
        case headerOnly
    }

    public static let formatVersion: UInt32 = 1
    public static let headerSize = 256
    public static let magic: [UInt8] = [0x89, 0x43, 0x4D, 0x46, 0x53, 0x0D, 0x0A, 0x1A]
    public static let maximumSourceDigestBytes = 128
    static let elementFloat32: UInt32 = 1
    static let headerChecksumOffset = 248

    public let path: String
    public let rows: Int
    public let columns: Int
    /// The digest of the sources this store was built from.
    public let sourceDigest: String
    /// XXH64 of the payload, as stored in (and verified against) the header.
    public let payloadChecksum: UInt64

    private let mapping: UnsafeMutableRawPointer
    private let mappingLength: Int

    private init(path: String, rows: Int, columns: Int, sourceDigest: String, payloadChecksum: UInt64,
                 mapping: UnsafeMutableRawPointer, mappingLength: Int) {
        self.path = path
        self.rows = rows
        self.columns = columns
        self.sourceDigest = sourceDigest
        self.payloadChecksum = payloadChecksum
        self.mapping = mapping
        self.mappingLength = mappingLength
    }

    deinit { munmap(mapping, mappingLength) }

    /// Calls `body` with all `rows × columns` features, row-major, valid only inside `body`.
    public func withRows<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        let base = (mapping + Self.headerSize).assumingMemoryBound(to: Float.self)
        return try body(UnsafeBufferPointer(start: base, count: rows * columns))
    }

    /// Calls `body` with the features of rows `range` (a shard's rows), row-major.
    public func withRows<R>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "rows \(range) outside 0..<\(rows)")
        return try withRows { all in
            try body(UnsafeBufferPointer(rebasing: all[(range.lowerBound * columns)..<(range.upperBound * columns)]))
        }
    }

    /// Drops the mapping's resident pages from this process (`MADV_DONTNEED`): the file is unchanged and read
    /// only, so a later access reads the same bytes again from the page cache. A batch calls it once scoring
    /// is done, so the allocation and the writing that follow do not add to a resident store.
    public func releaseResidentPages() {
        madvise(mapping, mappingLength, MADV_DONTNEED)
    }

    /// A copy of the features as a `Matrix` (allocates `rows × columns` floats).
    public func matrix() -> Matrix {
        withRows { Matrix(rows: rows, columns: columns, storage: Array($0)) }
    }

    // MARK: writing

    /// Writes `features` as a store built from `sourceDigest`, atomically.
    public static func write(features: Matrix, sourceDigest: String, to path: String) throws {
        try features.storage.withUnsafeBufferPointer {
            try write(rows: $0, rowCount: features.rows, columns: features.columns, sourceDigest: sourceDigest, to: path)
        }
    }

    /// Writes `rowCount × columns` row-major floats from raw memory as a store, atomically.
    public static func write(rows: UnsafeBufferPointer<Float>, rowCount: Int, columns: Int,
                             sourceDigest: String, to path: String) throws {
        guard rowCount >= 0, columns >= 0, rows.count >= rowCount * columns else {
            throw ChainMatchError.dimensionMismatch("feature buffer holds \(rows.count) floats, need \(rowCount) × \(columns)")
        }
        let digestBytes = Array(sourceDigest.utf8)
        guard digestBytes.count <= maximumSourceDigestBytes else {
            throw ChainMatchError.cannotCreateOutput(path: path, "source digest longer than \(maximumSourceDigestBytes) bytes")
        }
        let payload = UnsafeRawBufferPointer(start: rows.baseAddress, count: rowCount * columns * MemoryLayout<Float>.size)
        let header = makeHeader(rows: rowCount, columns: columns, payloadBytes: payload.count,
                                payloadChecksum: XXHash64.hash(payload), sourceDigest: digestBytes)
        let writer = try AtomicFileWriter(path: path)
        try header.withUnsafeBytes { try writer.write($0) }
        try writer.write(payload)
        try writer.commit()
    }

    static func makeHeader(rows: Int, columns: Int, payloadBytes: Int, payloadChecksum: UInt64,
                           sourceDigest: [UInt8], version: UInt32 = formatVersion) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: headerSize)
        header.withUnsafeMutableBytes { h in
            h.copyBytes(from: magic)
            h.storeBytes(of: version.littleEndian, toByteOffset: 8, as: UInt32.self)
            h.storeBytes(of: UInt32(headerSize).littleEndian, toByteOffset: 12, as: UInt32.self)
            h.storeBytes(of: UInt64(rows).littleEndian, toByteOffset: 16, as: UInt64.self)
            h.storeBytes(of: UInt64(columns).littleEndian, toByteOffset: 24, as: UInt64.self)
            h.storeBytes(of: UInt64(headerSize).littleEndian, toByteOffset: 32, as: UInt64.self)
            h.storeBytes(of: UInt64(payloadBytes).littleEndian, toByteOffset: 40, as: UInt64.self)
            h.storeBytes(of: payloadChecksum.littleEndian, toByteOffset: 48, as: UInt64.self)
            h.storeBytes(of: elementFloat32.littleEndian, toByteOffset: 56, as: UInt32.self)
            h.storeBytes(of: UInt32(sourceDigest.count).littleEndian, toByteOffset: 60, as: UInt32.self)
            UnsafeMutableRawBufferPointer(rebasing: h[64..<(64 + sourceDigest.count)]).copyBytes(from: sourceDigest)
            let check = XXHash64.hash(UnsafeRawBufferPointer(rebasing: h[0..<headerChecksumOffset]))
            h.storeBytes(of: check.littleEndian, toByteOffset: headerChecksumOffset, as: UInt64.self)
        }
        return header
    }

    // MARK: opening

    /// Maps the store at `path` read-only and checks it; throws a `FeatureStoreError` saying why it
    /// cannot be used. With `expectedSourceDigest`, a store built from other sources is `.staleSource`
    /// (checked before the payload is read, so a stale store costs no payload pass).
    public static func open(path: String, expectedSourceDigest: String? = nil,
                            verify: Verification = .full) throws -> FeatureStore {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw FeatureStoreError.missing(path: path) }
            throw FeatureStoreError.unreadable(path: path, String(cString: strerror(code)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw FeatureStoreError.unreadable(path: path, String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw FeatureStoreError.unreadable(path: path, "not a regular file")
        }
        let size = Int(info.st_size)
        guard size >= magic.count else {
            throw FeatureStoreError.truncated(path: path, expectedBytes: headerSize, actualBytes: size)
        }
        let flags = MAP_PRIVATE | (verify == .full ? MAP_POPULATE : 0)
        guard let mapped = mmap(nil, size, PROT_READ, flags, fd, 0), mapped != MAP_FAILED else {
            throw FeatureStoreError.unreadable(path: path, "mmap failed: \(String(cString: strerror(errno)))")
        }
        do {
            let store = try check(mapping: mapped, size: size, path: path, expectedSourceDigest: expectedSourceDigest, verify: verify)
            return store
        } catch {
            munmap(mapped, size)
            throw error
        }
    }

    private static func check(mapping: UnsafeMutableRawPointer, size: Int, path: String,
                              expectedSourceDigest: String?, verify: Verification) throws -> FeatureStore {
        let bytes = UnsafeRawBufferPointer(start: mapping, count: size)
        guard bytes.prefix(magic.count).elementsEqual(magic) else { throw FeatureStoreError.badMagic(path: path) }
        guard size >= 12 else { throw FeatureStoreError.truncated(path: path, expectedBytes: headerSize, actualBytes: size) }
        func u32(_ offset: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
        func u64(_ offset: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        let version = u32(8)
        guard version == formatVersion else {
            throw FeatureStoreError.unsupportedVersion(path: path, found: version, supported: formatVersion)
        }
        guard size >= headerSize else { throw FeatureStoreError.truncated(path: path, expectedBytes: headerSize, actualBytes: size) }
        let headerCheck = XXHash64.hash(UnsafeRawBufferPointer(rebasing: bytes[0..<headerChecksumOffset]))
        guard headerCheck == u64(headerChecksumOffset) else { throw FeatureStoreError.headerChecksumMismatch(path: path) }

        let rows64 = u64(16), columns64 = u64(24), payloadOffset = u64(32), payloadBytes = u64(40)
        let digestLength = Int(u32(60))
        guard u32(12) == UInt32(headerSize), payloadOffset == UInt64(headerSize) else {
            throw FeatureStoreError.corrupt(path: path, "unexpected header size \(u32(12)) or payload offset \(payloadOffset)")
        }
        guard u32(56) == elementFloat32 else {
            throw FeatureStoreError.corrupt(path: path, "unknown element type \(u32(56))")
        }
        let (cells, overflow1) = rows64.multipliedReportingOverflow(by: columns64)
        let (expectedBytes, overflow2) = cells.multipliedReportingOverflow(by: 4)
        guard !overflow1, !overflow2, expectedBytes == payloadBytes, payloadBytes <= UInt64(Int.max - headerSize) else {
            throw FeatureStoreError.corrupt(path: path, "\(rows64) × \(columns64) floats do not fill \(payloadBytes) payload bytes")
        }
        guard digestLength <= maximumSourceDigestBytes,
              let storedDigest = String(validating: bytes[64..<(64 + digestLength)], as: UTF8.self) else {
            throw FeatureStoreError.corrupt(path: path, "bad source digest field")
        }
        let end = headerSize + Int(payloadBytes)
        if size < end { throw FeatureStoreError.truncated(path: path, expectedBytes: end, actualBytes: size) }
        if size > end { throw FeatureStoreError.corrupt(path: path, "\(size - end) unexpected bytes after the payload") }
        if let expectedSourceDigest, expectedSourceDigest != storedDigest {
            throw FeatureStoreError.staleSource(path: path, stored: storedDigest, expected: expectedSourceDigest)
        }
        let stored = u64(48)
        if verify == .full {
            madvise(mapping, size, MADV_SEQUENTIAL)
            let computed = XXHash64.hash(UnsafeRawBufferPointer(rebasing: bytes[headerSize..<end]))
            guard computed == stored else {
                throw FeatureStoreError.payloadChecksumMismatch(path: path, stored: stored, computed: computed)
            }
            madvise(mapping, size, MADV_NORMAL)
        }
        return FeatureStore(path: path, rows: Int(rows64), columns: Int(columns64), sourceDigest: storedDigest,
                            payloadChecksum: stored, mapping: mapping, mappingLength: size)
    }

    /// The one open-or-rebuild: opens the store at `path` and reads its companion files with `read`
    /// (each names its sources, so a stale or mismatched one throws); when any is missing, truncated,
    /// corrupt or stale, removes the abandoned temporaries of the store and of `companionFiles`, calls
    /// `build` — which writes the companions and returns the features — writes the store last (so an
    /// interruption leaves a set the next open rejects), and opens and reads everything again. Returns
    /// the store, the companions and, when it was rebuilt, why (`nil` when the existing files were used).
    /// Errors from `build` or from writing are thrown and leave the old store in place.
    public static func openOrRebuild<Companions>(
        path: String, sourceDigest: String, verify: Verification = .full, companionFiles: [String] = [],
        read: (FeatureStore) throws -> Companions, build: () throws -> Matrix
    ) throws -> (store: FeatureStore, companions: Companions, rebuildReason: FeatureStoreError?) {
        let reason: FeatureStoreError
        do {
            let store = try open(path: path, expectedSourceDigest: sourceDigest, verify: verify)
            return (store, try read(store), nil)
        } catch let error as FeatureStoreError {
            reason = error
        }
        for p in [path] + companionFiles { AtomicFileWriter.removeAbandonedTemporaries(of: p) }   // a killed rebuild's gigabyte
        let features = try build()
        try write(features: features, sourceDigest: sourceDigest, to: path)
        do {
            let store = try open(path: path, expectedSourceDigest: sourceDigest, verify: .full)
            return (store, try read(store), reason)
        } catch let error as FeatureStoreError {
            throw ChainMatchError.internalFailure("the feature store just written does not verify: \(error)")
        }
    }

    /// The store alone (no companion files).
    public static func openOrRebuild(path: String, sourceDigest: String, verify: Verification = .full,
                                     build: () throws -> Matrix) throws -> (store: FeatureStore, rebuildReason: FeatureStoreError?) {
        let r = try openOrRebuild(path: path, sourceDigest: sourceDigest, verify: verify, read: { _ in () }, build: build)
        return (r.store, r.rebuildReason)
    }

    /// The store with its enterprise ids (`RowIDTable`, beside the store): both rebuilt when either is
    /// missing, damaged, stale or they disagree on the row count.
    public static func openOrRebuildWithIDs(path: String, sourceDigest: String, verify: Verification = .full,
                                            build: () throws -> (features: Matrix, ids: [String])) throws
        -> (store: FeatureStore, ids: [String], rebuildReason: FeatureStoreError?) {
        let idsPath = RowIDTable.path(besideStore: path)
        let r = try openOrRebuild(
            path: path, sourceDigest: sourceDigest, verify: verify, companionFiles: [idsPath],
            read: { try RowIDTable.read(path: idsPath, expectedSourceDigest: sourceDigest, expectedRows: $0.rows) },
            build: {
                let (features, ids) = try build()
                guard ids.count == features.rows else {
                    throw ChainMatchError.dimensionMismatch("\(ids.count) enterprise ids for \(features.rows) feature rows")
                }
                try RowIDTable.write(ids: ids, sourceDigest: sourceDigest, to: idsPath)
                return features
            })
        return (r.store, r.companions, r.rebuildReason)
    }
}
