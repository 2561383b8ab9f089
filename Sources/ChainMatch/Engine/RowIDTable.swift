import Foundation

/// The enterprise id of every feature-store row, in a small text file next to the store.
///
/// ```swift
/// let idsPath = RowIDTable.path(besideStore: "cache/features.store")      // cache/features.store.ids
/// try RowIDTable.write(ids: enterprises.map(\.id), sourceDigest: digest, to: idsPath)
/// let ids = try RowIDTable.read(path: idsPath, expectedSourceDigest: digest, expectedRows: store.rows)
/// ids[item.index]                                                          // the id of a ranked row
/// ```
///
/// Ids are kept out of the binary store so that its payload stays a plain aligned float array and
/// a person can read the ids with any tool. The file is UTF-8 text, written atomically:
///
/// ```text
/// chainmatch-row-ids 1
/// source <source digest, the same as the store's>
/// rows <n>
/// xxh64 <16 hex digits: XXH64 of the id lines below, newlines included>
/// <id of row 0>
/// …
/// ```
///
/// Reading checks the header, the checksum, the row count and the source digest, and reports
/// problems as the same `FeatureStoreError` cases as the store itself, so a caller rebuilds both.
/// Ids must be non-empty and contain no line breaks.
public enum RowIDTable {
    static let firstLine = "chainmatch-row-ids 1"

    /// `<store path>.ids`.
    public static func path(besideStore storePath: String) -> String { storePath + ".ids" }

    /// Writes `ids` (row order) built from `sourceDigest` to `path`, atomically.
    public static func write(ids: [String], sourceDigest: String, to path: String) throws {
        guard !sourceDigest.contains(where: \.isNewline) else {
            throw ChainMatchError.cannotCreateOutput(path: path, "the source digest contains a line break")
        }
        var body = ""
        for (row, id) in ids.enumerated() {
            guard !id.isEmpty, !id.contains(where: \.isNewline) else {
                throw ChainMatchError.badData(SourceLocation(file: path, line: row + 5), "enterprise id of row \(row) is empty or contains a line break")
            }
            body += id
            body += "\n"
        }
        let checksum = String(XXHash64.hash(Data(body.utf8)), radix: 16)
        let header = "\(firstLine)\nsource \(sourceDigest)\nrows \(ids.count)\nxxh64 \(String(repeating: "0", count: 16 - checksum.count))\(checksum)\n"
        try AtomicFile.write(header + body, to: path)
    }

    /// Reads the ids at `path`, checking them against the store they belong to.
    public static func read(path: String, expectedSourceDigest: String? = nil, expectedRows: Int? = nil) throws -> [String] {
        let data: Data
        do {
            data = try FileContents.read(path)
        } catch {
            if !FileManager.default.fileExists(atPath: path) { throw FeatureStoreError.missing(path: path) }
            throw FeatureStoreError.unreadable(path: path, error.localizedDescription)
        }
        guard data.starts(with: Data((firstLine + "\n").utf8)) else {
            if data.starts(with: Data("chainmatch-row-ids ".utf8)) {
                let line = String(decoding: data.prefix(while: { $0 != 10 }), as: UTF8.self)
                throw FeatureStoreError.unsupportedVersion(path: path, found: UInt32(line.split(separator: " ").last ?? "") ?? 0, supported: 1)
            }
            throw FeatureStoreError.badMagic(path: path)
        }
        // Split off the four header lines; the rest is the id body the checksum covers.
        var lines: [Substring] = []
        var bodyStart = data.startIndex
        var cursor = data.startIndex
        while lines.count < 4 {
            guard let newline = data[cursor...].firstIndex(of: 10) else {
                throw FeatureStoreError.truncated(path: path, expectedBytes: data.count + 1, actualBytes: data.count)
            }
            lines.append(Substring(String(decoding: data[cursor..<newline], as: UTF8.self)))
            cursor = data.index(after: newline)
            bodyStart = cursor
        }
        guard lines[1].hasPrefix("source "), lines[2].hasPrefix("rows "), lines[3].hasPrefix("xxh64 "),
              let rows = Int(lines[2].dropFirst(5)), rows >= 0,
              let stored = UInt64(lines[3].dropFirst(6), radix: 16) else {
            throw FeatureStoreError.corrupt(path: path, "malformed header")
        }
        let source = String(lines[1].dropFirst(7))
        if let expectedSourceDigest, expectedSourceDigest != source {
            throw FeatureStoreError.staleSource(path: path, stored: source, expected: expectedSourceDigest)
        }
        let body = data[bodyStart...]
        let computed = XXHash64.hash(Data(body))
        guard computed == stored else {
            if body.last != 10 && !body.isEmpty || body.filter({ $0 == 10 }).count < rows {
                throw FeatureStoreError.truncated(path: path, expectedBytes: data.count + 1, actualBytes: data.count)
            }
            throw FeatureStoreError.payloadChecksumMismatch(path: path, stored: stored, computed: computed)
        }
        guard let text = String(validating: body, as: UTF8.self) else {
            throw FeatureStoreError.corrupt(path: path, "ids are not UTF-8")
        }
        let ids = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        guard ids.count == rows else { throw FeatureStoreError.corrupt(path: path, "\(ids.count) ids, header says \(rows)") }
        if let expectedRows, expectedRows != rows {
            throw FeatureStoreError.corrupt(path: path, "\(rows) ids for a store of \(expectedRows) rows")
        }
        return ids
    }
}
