import Foundation
import Testing

/// `batch --xlsx` and `merge --xlsx` through the binary: a workbook beside each list, the rest of the run unchanged.
@Suite(.serialized) struct BatchWorkbookCLITests {
    static let date = ["--date", "2026-11-28"]
    static let run = "/2026-11-28T000000Z"

    /// The manifest's campaign entries, by id.
    static func entries(_ run: String) throws -> [String: [String: Any]] {
        let data = try #require(FileManager.default.contents(atPath: run + "/manifest.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let campaigns = try #require(object["campaigns"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: campaigns.map { ($0["id"] as! String, $0) })
    }

    /// A manifest's JSON without the given keys at the top and in every campaign entry.
    static func manifest(_ run: String, dropping keys: Set<String>) throws -> NSDictionary {
        let data = try #require(FileManager.default.contents(atPath: run + "/manifest.json"))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object = object.filter { !keys.contains($0.key) }
        object["campaigns"] = (object["campaigns"] as? [[String: Any]] ?? []).map { $0.filter { !keys.contains($0.key) } }
        return object as NSDictionary
    }

    @Test func batchAndMergeWriteTheSameWorkbooksAndAPlainRunIsUnchanged() throws {
        let root = NSTemporaryDirectory() + "chainmatch-batch-books-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let books = try runCLI(["batch", "--out", root + "/books", "--xlsx", "--quiet"] + Self.date)
        #expect(books.status == 0, "\(books.stderr)")
        #expect(try checkLatestIsComplete(root + "/books") == String(Self.run.dropFirst()))
        let withBooks = try runBytes(root + "/books" + Self.run)
        #expect(withBooks.count == 3 * 13 + 1)
        for (id, entry) in try Self.entries(root + "/books" + Self.run) {
            let name = try #require(entry["xlsx"] as? String)
            let data = try #require(withBooks[name], "\(name) is in the run")
            #expect(name == id + ".xlsx" && Array(data.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
            #expect(entry["xlsx_sha256"] as? String == sha256(data), "\(name): the digest sha256sum computes")
        }

        // Without --xlsx: the same lists, no workbook, and the manifest without the workbook keys.
        let plain = try runCLI(["batch", "--out", root + "/plain", "--quiet"] + Self.date)
        #expect(plain.status == 0, "\(plain.stderr)")
        let withoutBooks = try runBytes(root + "/plain" + Self.run)
        #expect(withoutBooks.count == 2 * 13 + 1 && withoutBooks.keys.allSatisfy { !$0.hasSuffix(".xlsx") })
        for (name, data) in withoutBooks where name != "manifest.json" { #expect(withBooks[name] == data, "\(name)") }
        #expect(try Self.entries(root + "/plain" + Self.run).values.allSatisfy { $0["xlsx"] == nil && $0["xlsx_sha256"] == nil })
        #expect(try Self.manifest(root + "/books" + Self.run, dropping: ["xlsx", "xlsx_sha256"]) == Self.manifest(root + "/plain" + Self.run, dropping: []))
        // That run lacks the workbooks: asking for them on the same date is refused, and the run left alone.
        let late = try runCLI(["batch", "--out", root + "/plain", "--xlsx", "--quiet"] + Self.date)
        #expect(late.status == 73 && late.stderr.contains("without workbooks"), "\(late.stderr)")
        #expect(try runBytes(root + "/plain" + Self.run) == withoutBooks)

        // Shards score; merge --xlsx writes the workbooks, byte for byte those of the unsharded run.
        let refused = try runCLI(["batch", "--out", root + "/parts", "--shard", "0/2", "--xlsx", "--quiet"] + Self.date)
        #expect(refused.status == 64 && refused.stderr.contains("merge"), "\(refused.stderr)")
        for i in 0..<2 {
            let shard = try runCLI(["batch", "--out", root + "/parts", "--shard", "\(i)/2", "--quiet"] + Self.date)
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        let merge = try runCLI(["merge", "--out", root + "/merged", "--xlsx", "--quiet", root + "/parts"] + Self.date)
        #expect(merge.status == 0, "\(merge.stderr)")
        let merged = try runBytes(root + "/merged" + Self.run)
        #expect(Set(merged.keys) == Set(withBooks.keys))
        for (name, data) in withBooks where name != "manifest.json" { #expect(merged[name] == data, "\(name) after merging") }
        #expect(try Self.manifest(root + "/merged" + Self.run, dropping: ["shards"]) == Self.manifest(root + "/books" + Self.run, dropping: ["shards"]))
    }
}

/// SHA-256 of `data` in hex, as the system's sha256sum computes it (not the engine's own code).
func sha256(_ data: Data) -> String {
    let path = NSTemporaryDirectory() + "chainmatch-sha-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: path) }
    FileManager.default.createFile(atPath: path, contents: data)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sha256sum", path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try? process.run()
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: out, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
}
