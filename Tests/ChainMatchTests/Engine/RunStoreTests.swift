import Foundation
import Testing
@testable import ChainMatch

/// Every file, folder and symlink under `root` with its content or target, for byte-identity checks.
func snapshot(_ root: String) throws -> [String: String] {
    var out: [String: String] = [:]
    let fm = FileManager.default
    guard let walker = fm.enumerator(atPath: root) else { return out }
    while let relative = walker.nextObject() as? String {
        let full = root + "/" + relative
        if let target = try? fm.destinationOfSymbolicLink(atPath: full) {
            out[relative] = "-> " + target
        } else {
            var isDir: ObjCBool = false
            fm.fileExists(atPath: full, isDirectory: &isDir)
            out[relative] = isDir.boolValue ? "dir" : try Data(contentsOf: URL(fileURLWithPath: full)).base64EncodedString()
        }
    }
    return out
}

@Suite struct RunStoreTests {
    let day1 = Date(timeIntervalSince1970: 1_796_090_400)   // 2026-12-01 02:00:00 UTC
    var day2: Date { day1.addingTimeInterval(86_400) }
    var day3: Date { day1.addingTimeInterval(2 * 86_400) }

    struct Boom: Error {}

    @Test func namesAreUTCTimestamps() {
        #expect(RunStore.runName(for: day1) == "2026-12-01T020000Z")
        #expect(RunStore.runName(for: Date(timeIntervalSince1970: 0.999)) == "1970-01-01T000000Z")
        #expect(RunStore.isRunName("2026-12-01T020000Z"))
        for bad in ["latest", "2026-12-01T02:00:00Z", "2026-12-01T020000", ".incomplete-2026-12-01T020000Z-1", "2026-12-01t020000Z", "2026-1a-01T020000Z"] {
            #expect(!RunStore.isRunName(bad), "\(bad)")
        }
    }

    @Test func completeRunsLatestAndPrevious() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = RunStore(root: dir.path + "/out")
        #expect(try store.runs() == [])
        #expect(store.latest() == nil)
        let first = try store.write(date: day1) { draft in
            #expect(draft.name == "2026-12-01T020000Z")
            #expect(draft.path.hasSuffix("/.incomplete-2026-12-01T020000Z-\(getpid())"))
            try AtomicFile.write("a\n", to: draft.path + "/list.csv")
            #expect(try store.runs() == [])          // not visible while being written
            #expect(store.latest() == nil)
        }
        #expect(first.previous == nil && first.removedStale == [])
        #expect(try String(contentsOfFile: first.path + "/list.csv", encoding: .utf8) == "a\n")
        let second = try store.write(date: day2) { draft in
            #expect(store.latest() == "2026-12-01T020000Z")   // still the complete one
            try AtomicFile.write("b\n", to: draft.path + "/list.csv")
        }
        #expect(second.previous == first.name)
        #expect(try store.runs() == [first.name, second.name])
        #expect(store.latest() == second.name)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: store.root + "/latest") == second.name)  // relative
        #expect(try String(contentsOfFile: store.root + "/latest/list.csv", encoding: .utf8) == "b\n")
        #expect(try store.previous(before: second.name) == first.name)
        #expect(try store.previous(before: first.name) == nil)
        #expect(try store.previous(before: "2099-01-01T000000Z") == second.name)
        // Backfilling an older date keeps `latest` at the newest run.
        let backfill = try store.write(date: day1.addingTimeInterval(-86_400)) { _ in }
        #expect(backfill.previous == nil)
        #expect(try store.runs().first == backfill.name)
        #expect(store.latest() == second.name)
        // Nothing temporary left behind.
        let hidden = try FileManager.default.contentsOfDirectory(atPath: store.root).filter { $0.hasPrefix(".") }
        #expect(hidden == [".runstore.lock"])
    }

    @Test func failedRunLeavesEverythingByteIdentical() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = RunStore(root: dir.path)
        try store.write(date: day1) { try AtomicFile.write("one\n", to: $0.path + "/list.csv") }
        let before = try snapshot(dir.path)
        #expect(throws: Boom.self) {
            try store.write(date: day2) { draft in
                try AtomicFile.write("half\n", to: draft.path + "/list.csv")
                try FileManager.default.createDirectory(atPath: draft.path + "/sub", withIntermediateDirectories: false)
                throw Boom()
            }
        }
        #expect(try snapshot(dir.path) == before)
        #expect(store.latest() == RunStore.runName(for: day1))
    }

    @Test func staleTemporaryFoldersAreRemovedAndReported() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = RunStore(root: dir.path)
        try store.write(date: day1) { _ in }
        let stale = [".incomplete-2026-12-02T020000Z-4242", ".incomplete-2026-12-02T030000Z-\(getpid())"]
        for name in stale {
            try FileManager.default.createDirectory(atPath: dir.path + "/" + name + "/deep", withIntermediateDirectories: true)
            try AtomicFile.write("partial", to: dir.path + "/" + name + "/deep/x.csv")
        }
        #expect(try store.runs() == [RunStore.runName(for: day1)])   // never listed
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/.latest.tmp-4242-7", withDestinationPath: "2026-12-02T020000Z")
        let run = try store.write(date: day3) { #expect($0.removedStale == stale) }
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: dir.path + "/.latest.tmp-4242-7")) == nil)
        #expect(run.removedStale == stale)
        for name in stale { #expect(!FileManager.default.fileExists(atPath: dir.path + "/" + name)) }
    }

    @Test func existingRunsAreNeverOverwritten() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = RunStore(root: dir.path)
        try store.write(date: day1) { try AtomicFile.write("first\n", to: $0.path + "/list.csv") }
        let before = try snapshot(dir.path)
        #expect(throws: ChainMatchError.self) {
            try store.write(date: day1) { try AtomicFile.write("second\n", to: $0.path + "/list.csv") }
        }
        #expect(try snapshot(dir.path) == before)
        // Even an empty folder of that name is not replaced by the rename itself.
        try FileManager.default.createDirectory(atPath: dir.path + "/empty", withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: dir.path + "/src", withIntermediateDirectories: false)
        #expect(throws: ChainMatchError.self) { try RunStore.renameNoReplace(dir.path + "/src", dir.path + "/empty") }
    }

    @Test func secondWriterIsRefusedWhileARunIsInProgress() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = RunStore(root: dir.path)
        try store.write(date: day1) { draft in
            do {
                try store.write(date: day2) { _ in Issue.record("second writer ran") }
                Issue.record("second writer was not refused")
            } catch let error as ChainMatchError {
                #expect(error.exitCode == 73)
                #expect(error.description.contains("another run"))
            }
            #expect(FileManager.default.fileExists(atPath: draft.path))   // first run's draft untouched
        }
        #expect(try store.runs() == [RunStore.runName(for: day1)])
        try store.write(date: day2) { _ in }                              // lock released afterwards
        #expect(try store.runs().count == 2)
    }

    @Test func foldersThatAreNotRunsAreIgnored() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["notes", "2026-12-01T020000Z.bak"] {
            try FileManager.default.createDirectory(atPath: dir.path + "/" + name, withIntermediateDirectories: false)
        }
        try AtomicFile.write("x", to: dir.path + "/2026-11-01T000000Z")   // a file, not a folder
        let store = RunStore(root: dir.path)
        #expect(try store.runs() == [])
        #expect(throws: ChainMatchError.self) { try store.write(name: "nightly") { _ in } }
    }

    @Test func aKilledWriterReleasesTheFolderAndItsLeftoversAreCleaned() throws {
        // Another process takes the writer lock and starts a run, as `write` would, and is then killed.
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = RunStore(root: dir.path)
        try store.write(date: day1) { try AtomicFile.write("kept\n", to: $0.path + "/list.csv") }
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        let leftover = ".incomplete-2026-12-02T020000Z-killed"
        writer.arguments = ["-o", dir.path + "/.runstore.lock", "/bin/sh", "-c",
                            "mkdir '\(dir.path)/\(leftover)' && echo half > '\(dir.path)/\(leftover)/list.csv' && echo ready && read line"]
        let stdin = Pipe(), stdout = Pipe()
        writer.standardInput = stdin
        writer.standardOutput = stdout
        try writer.run()
        _ = stdout.fileHandleForReading.availableData        // "ready": lock held, run half written
        #expect(throws: ChainMatchError.self) { try store.write(date: day2) { _ in } }
        kill(writer.processIdentifier, SIGKILL)
        try stdin.fileHandleForWriting.close()               // the shell child reads end of input and exits
        writer.waitUntilExit()                               // (it shares the pipe Foundation watches for the exit)
        let run = try store.write(date: day2) { _ in }
        #expect(run.removedStale == [leftover])
        #expect(try store.runs() == [RunStore.runName(for: day1), RunStore.runName(for: day2)])
        #expect(try String(contentsOfFile: store.path(of: RunStore.runName(for: day1)) + "/list.csv", encoding: .utf8) == "kept\n")
    }
}

@Suite struct ManifestReadingTests {
    @Test func aDamagedManifestIsNamedAtItsLineAndColumn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cm-manifest-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = """
        {
          "format" : "chainmatch-run 1",
          "run" : "2026-12-05",
          "engine_version" : "0.1.0",
          "kernel" : "Haswell",
          "threads" : "two"
        }
        """
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + BatchRunWriter.manifestName))
        do {
            _ = try BatchRunWriter.readManifest(run: folder)
            Issue.record("a damaged manifest was read")
        } catch let ChainMatchError.badData(at, _) {
            #expect(at.file.hasSuffix(BatchRunWriter.manifestName) && at.line == 6, "\(at)")
        }
        try Data(text.replacingOccurrences(of: "chainmatch-run 1", with: "chainmatch-run 9").utf8)
            .write(to: URL(fileURLWithPath: folder + "/" + BatchRunWriter.manifestName))
        do {
            _ = try BatchRunWriter.readManifest(run: folder)
            Issue.record("a manifest of another format was read")
        } catch let ChainMatchError.badData(_, message) {
            #expect(message.contains("chainmatch-run 9"))
        }
    }
}
