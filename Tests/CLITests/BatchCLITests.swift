import Foundation
import Testing

/// The run folder `latest` names, checked complete: a manifest whose every list exists with its checksum.
func checkLatestIsComplete(_ out: String) throws -> String? {
    guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: out + "/latest") else { return nil }
    #expect(!target.hasPrefix("."), "latest points at a temporary folder \(target)")
    let run = out + "/" + target
    let manifest = try #require(FileManager.default.contents(atPath: run + "/manifest.json"), "latest → \(target) has no manifest")
    let object = try #require(try JSONSerialization.jsonObject(with: manifest) as? [String: Any])
    let campaigns = try #require(object["campaigns"] as? [[String: Any]])
    #expect(campaigns.count == 13)
    // Each list names the profile it was ranked with, and that profile file's digest among the inputs.
    let inputs = try #require(object["inputs"] as? [[String: Any]])
    for c in campaigns {
        let profile = try #require(c["profile"] as? String)
        let digest = inputs.first { $0["path"] as? String == "models/profiles/\(profile).json" }?["sha256"] as? String
        #expect(digest != nil && c["profile_sha256"] as? String == digest, "\(c["id"] ?? "") profile \(profile)")
    }
    for c in campaigns {
        for key in ["csv", "json"] {
            let name = try #require(c[key] as? String)
            #expect(FileManager.default.fileExists(atPath: run + "/" + name), "\(target)/\(name) missing")
        }
    }
    return target
}

/// Every file of a run but timings.json, by name.
func runBytes(_ run: String) throws -> [String: Data] {
    var out: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: run) where name != "timings.json" {
        out[name] = FileManager.default.contents(atPath: run + "/" + name)
    }
    return out
}

@Suite(.serialized) struct BatchCLITests {
    @Test func killedBatchesRerunToTheCleanRunAndLatestIsNeverIncomplete() throws {
        let root = NSTemporaryDirectory() + "chainmatch-kill-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let date = ["--date", "2026-11-30"]
        let clean = try runCLI(["batch", "--out", root + "/clean", "--quiet"] + date)
        #expect(clean.status == 0, "\(clean.stderr)")
        let reference = try runBytes(root + "/clean/2026-11-30T000000Z")
        #expect(reference.count == 2 * 13 + 1)

        // Batch then diff against itself: nothing changed.
        let same = try runCLI(["diff", root + "/clean/latest", root + "/clean/latest"])
        #expect(same.status == 0)
        #expect(same.stdout.hasPrefix("no changes in 13 campaigns"))
        let sameCSV = try runCLI(["diff", root + "/clean/latest", root + "/clean/latest", "--format", "csv"])
        #expect(sameCSV.stdout.split(separator: "\n").count == 1)   // the header only
        try expectDiffReadsOnlyChangedLists(run: root + "/clean/2026-11-30T000000Z", scratch: root + "/changed")

        let out = root + "/killed"
        var rng = SystemRandomNumberGenerator()
        for attempt in 0..<4 {
            let process = Process()
            process.executableURL = chainmatchBinary()
            process.arguments = ["batch", "--out", out, "--quiet"] + date
            process.currentDirectoryURL = repositoryRoot
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 50_000...(attempt < 2 ? 700_000 : 1_400_000), using: &rng))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            _ = try checkLatestIsComplete(out)
        }
        let rerun = try runCLI(["batch", "--out", out, "--quiet"] + date)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try checkLatestIsComplete(out) == "2026-11-30T000000Z")
        #expect(try runBytes(out + "/2026-11-30T000000Z") == reference)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix(".incomplete-") || $0.hasPrefix(".latest.tmp") }
        #expect(leftovers.isEmpty)

        // The same date with other inputs is refused (73), and the run is left alone.
        let other = try runCLI(["batch", "--out", out, "--quiet", "--top", "12"] + date)
        #expect(other.status == 73)
        #expect(other.stderr.contains("other inputs"))
        #expect(try runBytes(out + "/2026-11-30T000000Z") == reference)
    }
}

@Suite(.serialized) struct BatchOutputFailureTests {
    @Test func aSecondBatchOnTheSameFolderIsRefusedAtOnce() throws {
        let out = NSTemporaryDirectory() + "chainmatch-lock-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: out) }
        // Another run holds the folder's lock.
        let fd = open(out + "/.runstore.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        defer { close(fd) }
        let start = Date()
        let r = try runCLI(["batch", "--out", out, "--quiet", "--date", "2026-11-29"])
        #expect(r.status == 73 && r.stderr.contains("another run"), "\(r.stderr)")
        #expect(Date().timeIntervalSince(start) < 5, "refused only after loading and scoring")
        #expect(!FileManager.default.fileExists(atPath: out + "/.cache"), "work was done before the lock was taken")
    }

    @Test func anOutputThatIsAFileIsExit73WithASentence() throws {
        let file = NSTemporaryDirectory() + "chainmatch-outfile-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let r = try runCLI(["batch", "--out", file, "--quiet"])
        #expect(r.status == 73, "\(r.stderr)")
        #expect(r.stderr.contains("is a file, not a folder") && !r.stderr.contains("NSCocoaErrorDomain"), "\(r.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "x")
        let bad = try runCLI(["batch", "--out", file + "-dir", "--quiet", "--date", "2026-02-30"])
        #expect(bad.status == 64 && bad.stderr.contains("--date"), "\(bad.stderr)")
    }
}

/// A copy of `run` with one list's first two places swapped (its digest updated in the manifest) diffs as
/// exactly that campaign changed: the lists whose digests agree are not read, the changed one is.
func expectDiffReadsOnlyChangedLists(run: String, scratch: String) throws {
    try FileManager.default.copyItem(atPath: run, toPath: scratch)
    let manifestPath = scratch + "/manifest.json"
    var manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifestPath))) as? [String: Any])
    var campaigns = try #require(manifest["campaigns"] as? [[String: Any]])
    let listPath = scratch + "/" + (try #require(campaigns[0]["json"] as? String))
    var list = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: listPath))) as? [String: Any])
    var results = try #require(list["results"] as? [[String: Any]])
    (results[0]["enterprise_id"], results[1]["enterprise_id"]) = (results[1]["enterprise_id"], results[0]["enterprise_id"])
    list["results"] = results
    try JSONSerialization.data(withJSONObject: list, options: [.sortedKeys]).write(to: URL(fileURLWithPath: listPath))
    let digest = Process()
    digest.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    digest.arguments = [listPath]
    let pipe = Pipe()
    digest.standardOutput = pipe
    try digest.run()
    digest.waitUntilExit()
    let hex = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
    campaigns[0]["json_sha256"] = String(hex)
    manifest["campaigns"] = campaigns
    try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys]).write(to: URL(fileURLWithPath: manifestPath))
    // Another list damaged but recorded as unchanged is not read (the manifests say it is the same).
    let other = scratch + "/" + (try #require(campaigns[1]["json"] as? String))
    try Data("{".utf8).write(to: URL(fileURLWithPath: other))
    let r = try runCLI(["diff", run, scratch])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("1 of 13 campaigns changed: 0 entered, 0 left, 2 moved"), "\(r.stdout)")
}
