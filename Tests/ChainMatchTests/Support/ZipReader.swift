import Foundation
@testable import ChainMatch

/// Reads a zip archive of stored entries strictly, checking every structure `ZipArchive` writes.
///
/// ```swift
/// let zip = try ZipReader(data)
/// let xml = zip.entries.first { $0.name == "xl/workbook.xml" }!.data
/// ```
///
/// From the end-of-central-directory record to the central directory to each local header: every
/// signature, count, size, offset and CRC-32 must agree, the central directory must follow the last
/// entry exactly and the end record must close the archive; any disagreement throws with what differed.
struct ZipReader {
    struct Entry {
        var name: String
        var data: Data
        var crc: UInt32
        var flags: UInt16
        var method: UInt16
        var time: UInt16
        var date: UInt16
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    let bytes: [UInt8]
    private(set) var entries: [Entry] = []

    init(_ data: Data) throws {
        bytes = Array(data)
        guard bytes.count >= 22 else { throw Failure(description: "shorter than an end record") }
        let end = bytes.count - 22
        try expect(u32(end) == 0x0605_4B50, "end record signature at \(end) (an archive comment is not expected)")
        try expect(u16(end + 4) == 0 && u16(end + 6) == 0, "single disk")
        let count = Int(u16(end + 8))
        try expect(Int(u16(end + 10)) == count, "entry counts agree")
        let directorySize = Int(u32(end + 12)), directoryStart = Int(u32(end + 16))
        try expect(directoryStart + directorySize == end, "central directory ends where the end record starts")
        var at = directoryStart
        var nextLocal = 0
        for _ in 0..<count {
            try expect(at + 46 <= end && u32(at) == 0x0201_4B50, "central header signature at \(at)")
            let flags = u16(at + 8), method = u16(at + 10), time = u16(at + 12), date = u16(at + 14)
            let crc = u32(at + 16), packed = Int(u32(at + 20)), size = Int(u32(at + 24))
            let nameLength = Int(u16(at + 28)), extra = Int(u16(at + 30)), comment = Int(u16(at + 32))
            let local = Int(u32(at + 42))
            try expect(at + 46 + nameLength <= end && local + 30 <= directoryStart, "central header at \(at) inside the directory")
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            try expect(local == nextLocal, "\(name): entries follow each other from offset 0 (local header at \(local), expected \(nextLocal))")
            try expect(method == 0 && packed == size, "\(name): stored")
            // The local header repeats the central one.
            try expect(u32(local) == 0x0403_4B50, "\(name): local header signature")
            try expect(u16(local + 6) == flags && u16(local + 8) == method && u16(local + 10) == time && u16(local + 12) == date, "\(name): local flags, method and time")
            try expect(u32(local + 14) == crc && Int(u32(local + 18)) == packed && Int(u32(local + 22)) == size, "\(name): local CRC and sizes")
            let localName = Int(u16(local + 26)), localExtra = Int(u16(local + 28))
            try expect(local + 30 + localName <= directoryStart, "\(name): local name inside the archive")
            try expect(localName == nameLength && Array(bytes[(local + 30)..<(local + 30 + localName)]) == Array(name.utf8), "\(name): local name")
            let start = local + 30 + localName + localExtra
            try expect(start + size <= directoryStart, "\(name): data inside the archive")
            let data = Data(bytes[start..<(start + size)])
            try expect(CRC32.checksum(data) == crc, "\(name): CRC-32 of the data")
            entries.append(Entry(name: name, data: data, crc: crc, flags: flags, method: method, time: time, date: date))
            nextLocal = start + size
            at += 46 + nameLength + extra + comment
        }
        try expect(nextLocal == directoryStart && at == end, "no bytes between the parts")
    }

    func entry(_ name: String) throws -> Data {
        guard let e = entries.first(where: { $0.name == name }) else { throw Failure(description: "no entry \(name)") }
        return e.data
    }

    private func expect(_ condition: Bool, _ what: String) throws {
        if !condition { throw Failure(description: "zip: \(what)") }
    }

    private func u16(_ i: Int) -> UInt16 { i + 2 <= bytes.count ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : 0 }
    private func u32(_ i: Int) -> UInt32 {
        i + 4 <= bytes.count ? (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[i + $1]) << (8 * UInt32($1)) } : 0
    }
}
