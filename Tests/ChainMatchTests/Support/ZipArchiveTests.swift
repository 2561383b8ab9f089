import Foundation
import Testing
@testable import ChainMatch

@Suite struct CRC32Tests {
    @Test func knownVectors() {
        #expect(CRC32.checksum(Array("".utf8)) == 0)
        #expect(CRC32.checksum(Array("a".utf8)) == 0xE8B7_BE43)
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        #expect(CRC32.checksum(Array("宁德时代".utf8)) == 0x2A07_DF7D)
        #expect(CRC32.table[1] == 0x7707_3096 && CRC32.table[255] == 0x2D02_EF8D)
    }

    @Test func everySplitGivesTheSameChecksum() {
        let bytes = patternBytes(1_000)
        let whole = CRC32.checksum(bytes)
        for cut in [0, 1, 3, 499, 999, 1_000] {
            var crc = CRC32()
            crc.update(bytes[..<cut])
            crc.update(bytes[cut...])
            #expect(crc.value == whole, "cut \(cut)")
        }
        var flipped = bytes
        flipped[500] ^= 0x01
        #expect(CRC32.checksum(flipped) != whole)
    }
}

@Suite struct ZipArchiveTests {
    /// One entry "a" holding "b", byte by byte from the APPNOTE layouts.
    @Test func smallestArchiveIsByteExact() throws {
        var zip = ZipArchive()
        try zip.add("a", Data("b".utf8))
        let expected: [UInt8] = [
            // local header: signature, version 2.0, UTF-8 flag, stored, time 0, date 1980-01-01, CRC, sizes, name length, extra
            0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x21, 0x00,
            0xF9, 0xEF, 0xBE, 0x71, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
            0x61, 0x62,
            // central header: signature, made by, needed, flags, method, time, date, CRC, sizes, lengths, disk, attributes, offset, name
            // (made by Unix 2.0, external attributes 0o100644 << 16)
            0x50, 0x4B, 0x01, 0x02, 0x14, 0x03, 0x14, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x21, 0x00,
            0xF9, 0xEF, 0xBE, 0x71, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xA4, 0x81, 0x00, 0x00, 0x00, 0x00, 0x61,
            // end record: signature, disks, entries ×2, directory size 47, directory offset 32, comment length
            0x50, 0x4B, 0x05, 0x06, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
            0x2F, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00,
        ]
        #expect(Array(try zip.finish()) == expected)
    }

    static func sample() throws -> (Data, [(String, Data)]) {
        let files: [(String, Data)] = [
            ("[Content_Types].xml", Data("<Types/>".utf8)),
            ("empty.txt", Data()),
            ("目录/宁德时代.txt", Data("锂电池 lithium\n".utf8)),
            ("big.bin", Data(patternBytes(200_000))),
        ]
        var zip = ZipArchive()
        for (name, data) in files { try zip.add(name, data) }
        #expect(zip.entryNames == files.map(\.0))
        return (try zip.finish(), files)
    }

    @Test func readsBackEntryByEntry() throws {
        let (archive, files) = try Self.sample()
        let read = try ZipReader(archive)
        #expect(read.entries.map(\.name) == files.map(\.0))
        for (entry, file) in zip(read.entries, files) {
            #expect(entry.data == file.1, "\(file.0)")
            #expect(entry.flags == 0x0800 && entry.method == 0 && entry.time == 0 && entry.date == 0x0021)
        }
        // Finishing does not close the archive: more entries can follow and the output stays the same.
        var zip = ZipArchive()
        for (name, data) in files { try zip.add(name, data) }
        #expect(try zip.finish() == archive)
        #expect(try zip.finish() == archive)
        try zip.add("later.txt", Data("x".utf8))
        #expect(try ZipReader(try zip.finish()).entries.count == files.count + 1)
    }

    @Test func refusesBadNames() throws {
        var zip = ZipArchive()
        try zip.add("a.txt", Data())
        #expect(throws: ChainMatchError.self) { try zip.add("a.txt", Data("again".utf8)) }
        #expect(throws: ChainMatchError.self) { try zip.add("", Data()) }
        #expect(throws: ChainMatchError.self) { try zip.add("/etc/passwd", Data()) }
        #expect(throws: ChainMatchError.self) { try zip.add("dir\\file", Data()) }
        #expect(zip.entryNames == ["a.txt"])
    }

    @Test func emptyArchiveIsJustTheEndRecord() throws {
        let data = try ZipArchive().finish()
        #expect(Array(data) == [0x50, 0x4B, 0x05, 0x06] + Array(repeating: 0, count: 18))
        #expect(try ZipReader(data).entries.isEmpty)
    }

    @Test(.enabled(if: ExternalTool.find("unzip") != nil, "skipped: unzip is not installed"))
    func unzipTestsTheArchive() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sample.zip").path
        try AtomicFile.write(try Self.sample().0, to: path)
        let r = try ExternalTool.find("unzip")!.run(["-t", path])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("No errors detected"), "\(r.output)")
        #expect(r.output.contains("目录/宁德时代.txt"), "UTF-8 name: \(r.output)")
    }

    @Test(.enabled(if: ExternalTool.find("python3") != nil, "skipped: python3 is not installed"))
    func pythonZipfileTestsTheArchive() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sample.zip").path
        try AtomicFile.write(try Self.sample().0, to: path)
        let python = ExternalTool.find("python3")!
        let r = try python.run(["-m", "zipfile", "-t", path])
        #expect(r.status == 0, "\(r.output)")
        // zipfile.testzip() reads every entry and checks its CRC; names come back as UTF-8.
        let script = "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print('|'.join(z.namelist()))"
        let names = try python.run(["-c", script, path])
        #expect(names.status == 0, "\(names.output)")
        #expect(names.output.trimmingCharacters(in: .whitespacesAndNewlines) == "[Content_Types].xml|empty.txt|目录/宁德时代.txt|big.bin")
    }
}
