import Foundation

/// Re-reads chosen rows of an enterprises CSV by byte offset, so a batch need not keep every
/// enterprise record in memory while it scores (a million records take over a gigabyte).
///
/// ```swift
/// let reader = try EnterpriseRowReader(path: "e1m.synthetic.csv", expectedRows: 1_000_000)
/// let picked = try reader.enterprises([17, 4_711])   // parsed and checked like the whole file
/// ```
///
/// The offsets come from one pass over the file that follows RFC 4180 quoting (a line break inside
/// quotes does not end a row) and ends records at LF, CRLF or a lone CR, like `CSVReader`. The chosen rows are parsed with the file's header by the same reader
/// as the whole file, without the parent-group check (the whole file passed it).
final class EnterpriseRowReader: @unchecked Sendable {
    let path: String
    let header: Data
    /// Byte offset of each data row; one more entry holds the end of the last row.
    let starts: [Int]

    /// Indexes the rows of `path`; with `expectedRows`, refuses a file whose row count differs.
    init(path: String, expectedRows: Int?) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ChainMatchError.missingInput(path: path, String(cString: strerror(errno))) }
        defer { close(fd) }
        var lineStarts: [Int] = [0]
        lineStarts.reserveCapacity((expectedRows ?? 1024) + 2)
        var inQuotes = false, lastWasCR = false
        var offset = 0
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 22, alignment: 64)
        defer { chunk.deallocate() }
        while true {
            let n = read(fd, chunk.baseAddress, chunk.count)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw ChainMatchError.missingInput(path: path, String(cString: strerror(errno))) }
            if n == 0 { break }
            for i in 0..<n {
                let b = chunk[i]
                // Records end at LF, CRLF or a lone CR, as CSVReader ends them: a CR ends its line unless an
                // LF follows (which then does), even when the LF is in the next chunk.
                if lastWasCR && b != 10 { lineStarts.append(offset + i) }
                lastWasCR = false
                if b == 34 {
                    inQuotes.toggle()
                } else if !inQuotes {
                    if b == 10 { lineStarts.append(offset + i + 1) } else if b == 13 { lastWasCR = true }
                }
            }
            offset += n
        }
        if lastWasCR { lineStarts.append(offset) }
        if lineStarts.last! < offset { lineStarts.append(offset) }   // a last row without a line break
        guard lineStarts.count >= 2 else { throw ChainMatchError.badData(SourceLocation(file: path), "no header line") }
        // Blank lines (a trailing one, say) are not rows.
        var dataStarts: [Int] = [], lines: [Int] = []
        dataStarts.reserveCapacity((expectedRows ?? 1024) + 1)
        for i in 1..<(lineStarts.count - 1) where lineStarts[i + 1] - lineStarts[i] > 2 {
            dataStarts.append(lineStarts[i])
            lines.append(i + 1)
        }
        rowLines = lines
        guard expectedRows == nil || dataStarts.count == expectedRows else {
            throw ChainMatchError.internalFailure("\(path): found \(dataStarts.count) rows by offset, the reader found \(expectedRows ?? 0)")
        }
        let headerLength = lineStarts[1]
        var head = Data(count: headerLength)
        let got = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, headerLength, 0) }
        guard got == headerLength else { throw ChainMatchError.missingInput(path: path, "cannot read the header") }
        header = head
        // End of each row: the start of the next line (blank lines carry no data; their bytes are skipped).
        var ends: [Int] = []
        ends.reserveCapacity(dataStarts.count)
        var next = 1
        for start in dataStarts {
            while lineStarts[next] <= start { next += 1 }
            ends.append(lineStarts[next])
        }
        starts = dataStarts + [ends.last ?? headerLength]
        rowEnds = ends
    }

    private let rowEnds: [Int]
    /// The 1-based line on which each data row starts.
    let rowLines: [Int]

    var rowCount: Int { rowEnds.count }

    /// Every enterprise of the file, parsed `chunkRows` rows at a time so the parsed table of the whole
    /// file never sits in memory beside the records; ids unique and parent groups present, as the
    /// whole-file reader checks, and errors name the line in the file.
    func allEnterprises(chunkRows: Int = 65_536) throws -> [Enterprise] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ChainMatchError.missingInput(path: path, String(cString: strerror(errno))) }
        defer { close(fd) }
        var all: [Enterprise] = []
        all.reserveCapacity(rowCount)
        var first = 0
        while first < rowCount {
            let last = min(rowCount, first + chunkRows)
            let start = starts[first], length = rowEnds[last - 1] - start
            var data = header
            if data.last != 10 { data.append(10) }
            var bytes = Data(count: length)
            let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, length, off_t(start)) }
            guard got == length else { throw ChainMatchError.missingInput(path: path, "cannot read rows \(first + 1)–\(last)") }
            data.append(bytes)
            let shift = rowLines[first] - 2   // chunk line 2 is the chunk's first row
            do {
                all += try DatasetReader.enterprises(CSVReader.parse(data, path: path), checkingParents: false)
            } catch ChainMatchError.badData(var at, let message) {
                at.line = at.line.map { $0 + shift }
                throw ChainMatchError.badData(at, message)
            } catch ChainMatchError.unknownReference(let at, let kind, let id) {
                var moved = at
                moved?.line = at?.line.map { $0 + shift }
                throw ChainMatchError.unknownReference(moved, kind: kind, id: id)
            }
            first = last
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
