import Foundation

/// Builds a zip archive in memory with stored (uncompressed) entries, the container of .xlsx workbooks.
///
/// ```swift
/// var zip = ZipArchive()
/// try zip.add("mimetype", Data("text/plain".utf8))
/// try zip.add("docs/说明.txt", Data("你好\n".utf8))
/// try AtomicFile.write(zip.finish(), to: "out/bundle.zip")
/// ```
///
/// Each entry is a local header, then its bytes; `finish()` appends the central directory and the
/// end-of-central-directory record (PKWARE APPNOTE 6.3, sections 4.3.7, 4.3.12, 4.3.16). Entries keep
/// the order they were added in, names are flagged UTF-8 (general-purpose bit 11), and every entry
/// carries the same DOS timestamp, 1980-01-01 00:00, so the same entries always give the same bytes.
/// There is no ZIP64: an entry or archive of 4 GiB or more, or more than 65,535 entries, is refused.
public struct ZipArchive: Sendable {
    struct Entry: Sendable {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt32
    }

    static let localSignature: UInt32 = 0x0403_4B50
    static let centralSignature: UInt32 = 0x0201_4B50
    static let endSignature: UInt32 = 0x0605_4B50
    /// Version 2.0: what readers need for stored entries in folders.
    static let version: UInt16 = 20
    /// Made by: Unix (3) and version 2.0. Info-ZIP's unzip reads names of MS-DOS-made entries as
    /// code page 437 even when they are flagged UTF-8, and Unix external attributes give the mode.
    static let madeBy: UInt16 = 0x0314
    /// External attributes: a regular file, rw-r--r-- (0o100644 in the high 16 bits).
    static let fileAttributes: UInt32 = 0o100644 << 16
    /// General-purpose flags: bit 11, names and comments are UTF-8.
    static let utf8Flag: UInt16 = 0x0800
    /// DOS time 00:00:00 and date 1980-01-01 ((1980 − 1980) << 9 | 1 << 5 | 1).
    static let dosTime: UInt16 = 0
    static let dosDate: UInt16 = 0x0021

    private var bytes: [UInt8] = []
    private var entries: [Entry] = []
    private var names = Set<String>()

    public init() {}

    /// The names added so far, in order.
    public var entryNames: [String] { entries.map { String(decoding: $0.name, as: UTF8.self) } }

    /// Adds a file. `name` is a relative path with `/` separators, unique within the archive.
    public mutating func add(_ name: String, _ data: Data) throws {
        let nameBytes = Array(name.utf8)
        guard !nameBytes.isEmpty, nameBytes.count <= Int(UInt16.max), !name.hasPrefix("/"), !name.contains("\\") else {
            throw ChainMatchError.internalFailure("zip entry name '\(name)' is empty, too long, absolute or has a backslash")
        }
        guard names.insert(name).inserted else { throw ChainMatchError.internalFailure("zip entry '\(name)' added twice") }
        guard entries.count < Int(UInt16.max) else { throw ChainMatchError.internalFailure("more than 65,535 zip entries") }
        let end = bytes.count + 30 + nameBytes.count + data.count
        guard data.count < Int(UInt32.max), end < Int(UInt32.max) else {
            throw ChainMatchError.internalFailure("zip archive would reach 4 GiB at '\(name)' (no ZIP64)")
        }
        let entry = Entry(name: nameBytes, crc: CRC32.checksum(data), size: UInt32(data.count), offset: UInt32(bytes.count))
        u32(Self.localSignature)
        u16(Self.version)
        u16(Self.utf8Flag)
        u16(0)                      // method 0: stored
        u16(Self.dosTime)
        u16(Self.dosDate)
        u32(entry.crc)
        u32(entry.size)             // compressed size = size
        u32(entry.size)
        u16(UInt16(nameBytes.count))
        u16(0)                      // no extra field
        bytes.append(contentsOf: nameBytes)
        bytes.append(contentsOf: data)
        entries.append(entry)
    }

    /// The whole archive: the entries, the central directory and its end record.
    public func finish() throws -> Data {
        var out = self
        let directoryStart = out.bytes.count
        for e in entries {
            out.u32(Self.centralSignature)
            out.u16(Self.madeBy)
            out.u16(Self.version)   // needed to extract
            out.u16(Self.utf8Flag)
            out.u16(0)
            out.u16(Self.dosTime)
            out.u16(Self.dosDate)
            out.u32(e.crc)
            out.u32(e.size)
            out.u32(e.size)
            out.u16(UInt16(e.name.count))
            out.u16(0)              // extra field
            out.u16(0)              // comment
            out.u16(0)              // disk number
            out.u16(0)              // internal attributes
            out.u32(Self.fileAttributes)
            out.u32(e.offset)
            out.bytes.append(contentsOf: e.name)
        }
        let directorySize = out.bytes.count - directoryStart
        guard out.bytes.count + 22 < Int(UInt32.max) else {
            throw ChainMatchError.internalFailure("zip archive would reach 4 GiB (no ZIP64)")
        }
        out.u32(Self.endSignature)
        out.u16(0)                  // this disk
        out.u16(0)                  // disk of the central directory
        out.u16(UInt16(entries.count))
        out.u16(UInt16(entries.count))
        out.u32(UInt32(directorySize))
        out.u32(UInt32(directoryStart))
        out.u16(0)                  // no archive comment
        return Data(out.bytes)
    }

    private mutating func u16(_ v: UInt16) { bytes.append(UInt8(v & 0xFF)); bytes.append(UInt8(v >> 8)) }

    private mutating func u32(_ v: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((v >> UInt32(shift)) & 0xFF)) }
    }
}
