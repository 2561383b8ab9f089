import Foundation

/// Re-reads chosen rows of an enterprises CSV by byte offset, so a batch need not keep every
/// enterprise record in memory while it scores (a million records take over a gigabyte).
///
/// ```swift
/// let reader = try EnterpriseRowReader(path: "e1m.synthetic.csv", expectedRows: 1_000_000)
/// let picked = try reader.enterprises([17, 4_711])   // parsed and checked like the whole file
/// ```
///
/// The offsets and line numbers come from `CSVReader`'s own record splitter run over the mapped file
/// (RFC 4180 quoting, records ending at LF, CRLF or a lone CR, physical line numbers). The chosen rows
/// are parsed with the file's header by the same reader as the whole file, without the parent-group
/// check (the whole file passed it).
final class EnterpriseRowReader: @unchecked Sendable {
    let path: String
    let header: Data
    /// Byte offset of each data row; one more entry holds the end of the last row.
    let starts: [Int]

    /// Indexes the rows of `path` with `CSVReader`'s record splitter (the file mapped, not read into
    /// memory); with `expectedRows`, refuses a file whose row count differs.
    init(path: String, expectedRows: Int?) throws {
        self.path = path
        let data: Data
        do { data = try FileContents.read(path, mapped: true) } catch {
            throw ChainMatchError.missingInput(path: path, "cannot read: \(error.localizedDescription)")
        }
        var parser = CSVReader.Parser(path: path, boundariesOnly: true)
        let bom = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            try parser.run(UnsafeBufferPointer(rebasing: bytes[bom...]))
        }
        guard let headerEnd = parser.recordEnds.first else { throw ChainMatchError.badData(SourceLocation(file: path), "no header line") }
        header = Data(Array(data.prefix(bom + headerEnd)))
        rowLines = Array(parser.recordLines.dropFirst())
        guard expectedRows == nil || rowLines.count == expectedRows else {
            throw ChainMatchError.internalFailure("\(path): found \(rowLines.count) rows by offset, the reader found \(expectedRows ?? 0)")
        }
        let dataStarts = parser.recordStarts.dropFirst().map { $0 + bom }
        rowEnds = parser.recordEnds.dropFirst().map { $0 + bom }
        starts = dataStarts + [rowEnds.last ?? bom + headerEnd]
    }

    private let rowEnds: [Int]
    /// The 1-based line on which each data row starts.
    let rowLines: [Int]

    var rowCount: Int { rowEnds.count }

    /// Every enterprise of the file, parsed `chunkRows` rows at a time so the parsed table of the whole
    /// file never sits in memory beside the records; ids unique and parent groups present, as the
    /// whole-file reader checks, and errors name the line in the file. Chunks are parsed two at a time,
    /// one per core, and taken in file order, so the first error in the file is the one reported.
    func allEnterprises(chunkRows: Int = 65_536) throws -> [Enterprise] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ChainMatchError.missingInput(path: path, String(cString: strerror(errno))) }
        defer { close(fd) }
        var all: [Enterprise] = []
        all.reserveCapacity(rowCount)
        let firsts = Array(stride(from: 0, to: rowCount, by: max(1, chunkRows)))
        let lanes = max(1, min(2, ProcessInfo.processInfo.activeProcessorCount))
        for group in stride(from: 0, to: firsts.count, by: lanes) {
            let chunks = Array(firsts[group..<min(group + lanes, firsts.count)])
            let parsed = Parallel.map(chunks, grain: 1) { first in
                Result { try self.chunk(fd: fd, first: first, last: min(self.rowCount, first + chunkRows)) }
            }
            for result in parsed { all += try result.get() }
        }
        guard all.count == rowCount else {
            throw ChainMatchError.internalFailure("\(path): \(all.count) enterprises from \(rowCount) rows")
        }
        var seen: [String: Int] = [:]
        seen.reserveCapacity(all.count)
        for (row, e) in all.enumerated() where seen.updateValue(row, forKey: e.id) != nil {
            throw ChainMatchError.badData(SourceLocation(file: path, line: rowLines[row], field: "enterprise_id"), "duplicate id '\(e.id)'")
        }
        for (row, e) in all.enumerated() {
            if let parent = e.parentGroupID, seen[parent] == nil {
                throw ChainMatchError.unknownReference(SourceLocation(file: path, line: rowLines[row], field: "parent_group_id"), kind: "enterprise", id: parent)
            }
        }
        return all
    }

    /// Rows `first..<last` parsed and checked, errors naming their line in the file.
    private func chunk(fd: Int32, first: Int, last: Int) throws -> [Enterprise] {
        let start = starts[first], length = rowEnds[last - 1] - start
        var data = header
        if data.last != 10 { data.append(10) }
        var bytes = Data(count: length)
        let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, length, off_t(start)) }
        guard got == length else { throw ChainMatchError.missingInput(path: path, "cannot read rows \(first + 1)–\(last)") }
        data.append(bytes)
        let shift = rowLines[first] - 2   // chunk line 2 is the chunk's first row
        do {
            return try DatasetReader.enterprises(CSVReader.parse(data, path: path), checkingParents: false)
        } catch ChainMatchError.badData(var at, let message) {
            at.line = at.line.map { $0 + shift }
            throw ChainMatchError.badData(at, message)
        } catch ChainMatchError.unknownReference(let at, let kind, let id) {
            var moved = at
            moved?.line = at?.line.map { $0 + shift }
            throw ChainMatchError.unknownReference(moved, kind: kind, id: id)
        }
    }

    /// The enterprises of `rows` (data row indices), in that order.
    func enterprises(_ rows: [Int]) throws -> [Enterprise] {
        guard !rows.isEmpty else { return [] }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ChainMatchError.missingInput(path: path, String(cString: strerror(errno))) }
        defer { close(fd) }
        var data = header
        if data.last != 10 { data.append(10) }
        for row in rows {
            let start = starts[row], length = rowEnds[row] - starts[row]
            var bytes = Data(count: length)
            let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, length, off_t(start)) }
            guard got == length else { throw ChainMatchError.missingInput(path: path, "cannot re-read row \(row + 1)") }
            data.append(bytes)
            if data.last != 10 { data.append(10) }
        }
        return try DatasetReader.enterprises(CSVReader.parse(data, path: path), checkingParents: false)
    }
}
