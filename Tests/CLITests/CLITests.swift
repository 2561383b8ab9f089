import Foundation
import Testing

/// Runs the built `chainmatch` binary (next to the test bundle in the build folder).
struct CLIResult { var status: Int32; var stdout: String; var stderr: String }

func chainmatchBinary() -> URL {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("chainmatch")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    // Fall back to the debug build folder of this checkout.
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/chainmatch")
}

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func runCLI(_ arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws -> CLIResult {
    let process = Process()
    process.executableURL = chainmatchBinary()
    process.arguments = arguments
    process.currentDirectoryURL = directory ?? repositoryRoot
    var env = ProcessInfo.processInfo.environment
    // The load snapshots of test runs go to one folder of their own (it keeps the newest eight).
    env["CHAINMATCH_CACHE"] = FileManager.default.temporaryDirectory.appendingPathComponent("chainmatch-cli-test-snapshots").path
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLIResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

@Suite struct CLITests {
    @Test func helpExitsZero() throws {
        let r = try runCLI(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("usage: chainmatch COMMAND"))
        #expect(r.stdout.contains("bench"))
        let b = try runCLI(["bench", "--help"])
        #expect(b.status == 0)
        #expect(b.stdout.contains("--enterprises N"))
    }

    @Test func unknownCommandExits64NamingIt() throws {
        let r = try runCLI(["frobnicate"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("unknown command 'frobnicate'"))
        let typo = try runCLI(["doctr"])
        #expect(typo.stderr.contains("did you mean 'doctor'"))
    }

    @Test func unknownOptionExits64NamingIt() throws {
        let r = try runCLI(["bench", "--enterprisess", "10"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("'--enterprisess'"))
        let bad = try runCLI(["bench", "--top", "many"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--top expects an integer"))
    }

    @Test func doctorReportsKernel() throws {
        let r = try runCLI(["doctor", "--format", "json"])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect((json?["kernel"] as? String)?.isEmpty == false)
        #expect(json?["self_check_passed"] as? Bool == true)
    }

    @Test func userSetKernelWins() throws {
        let r = try runCLI(["doctor", "--format", "json"], environment: ["OPENBLAS_CORETYPE": "Haswell"])
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(json?["kernel"] as? String == "Haswell")
        #expect(json?["kernel_switched"] as? Bool == false)
    }

    @Test func genericKernelIsSwitchedAutomatically() throws {
        // Act as if OpenBLAS had fallen back to its generic kernel: the binary must re-execute itself
        // with OPENBLAS_CORETYPE set, verify the new kernel and report the switch.
        let r = try runCLI(["doctor", "--format", "json"], environment: ["CHAINMATCH_ASSUME_CORE": "Prescott"])
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let features = json?["cpu_features"] as? [String] ?? []
        if features.contains("avx512f") {
            #expect(json?["kernel"] as? String == "SkylakeX")
            #expect(json?["kernel_switched"] as? Bool == true)
            #expect(json?["self_check_passed"] as? Bool == true)
        } else if features.contains("avx2") {
            #expect(json?["kernel"] as? String == "Haswell")
        }
        // With the switch disabled nothing happens.
        let off = try runCLI(["doctor", "--format", "json"], environment: ["CHAINMATCH_ASSUME_CORE": "Prescott", "CHAINMATCH_KERNEL_AUTO": "0"])
        let offJSON = try JSONSerialization.jsonObject(with: Data(off.stdout.utf8)) as? [String: Any]
        #expect(offJSON?["kernel_switched"] as? Bool == false)
    }

    @Test func benchJSONHasTheAgreedKeys() throws {
        let r = try runCLI(["bench", "--enterprises", "2000", "--features", "16", "--campaigns", "20", "--top", "5", "--repeats", "1", "--format", "json"])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        for key in ["enterprises", "features", "campaigns", "top", "kernel", "threads", "sgemm_seconds", "engine_seconds", "ratio", "gflops", "peak_rss_bytes"] {
            #expect(json?[key] != nil, "missing \(key)")
        }
        #expect(json?["enterprises"] as? Int == 2000)
    }
}

@Suite struct DataCommandTests {
    @Test func dataCheckLoadsTheCommittedDatasets() throws {
        let r = try runCLI(["data", "check"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("parks 2543"))
        #expect(r.stdout.contains("regions 31"))
    }

    @Test func dataBuildWithoutSourcesExits66() throws {
        let out = NSTemporaryDirectory() + "chainmatch-cli-\(UUID().uuidString)"
        let r = try runCLI(["data", "build", "--sources", "/nonexistent/shared", "--output", out])
        #expect(r.status == 66)
        #expect(r.stderr.contains("/nonexistent/shared"))
        #expect(!FileManager.default.fileExists(atPath: out + "/parks.csv"))
    }

    @Test func dataCheckNamesTheBadCell() throws {
        let root = NSTemporaryDirectory() + "chainmatch-badcell-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/models", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/datasets", withIntermediateDirectories: true)
        for name in ["enterprises.csv", "regions.csv", "industries.csv"] {
            try fm.copyItem(atPath: repositoryRoot.path + "/datasets/" + name, toPath: root + "/datasets/" + name)
        }
        let parks = try String(contentsOfFile: repositoryRoot.path + "/datasets/parks.csv", encoding: .utf8)
        var lines = parks.components(separatedBy: "\n")
        var cells = lines[2].components(separatedBy: ",")
        cells[3] = "火星省"
        lines[2] = cells.joined(separator: ",")
        try lines.joined(separator: "\n").write(toFile: root + "/datasets/parks.csv", atomically: true, encoding: .utf8)
        let r = try runCLI(["data", "check", "--data-root", root])
        #expect(r.status == 65)
        #expect(r.stderr.contains("parks.csv:3:4 (field province)"))
        #expect(r.stderr.contains("火星省"))
    }
}
