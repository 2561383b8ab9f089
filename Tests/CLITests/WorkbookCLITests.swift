import Foundation
import Testing

@Suite struct WorkbookCLITests {
    static let campaign = "qh-golmud-salt-lake-lithium"

    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chainmatch-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func xlsxNeedsAnOutputFile() throws {
        let r = try runCLI(["rank", "--campaign", Self.campaign, "--format", "xlsx"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("--output FILE.xlsx") && r.stdout.isEmpty, "\(r.stderr)")
    }

    @Test func xlsxIsWrittenAtomicallyAsAZip() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("list.xlsx")
        let w = try runCLI(["rank", "--campaign", Self.campaign, "--format", "xlsx", "--output", out.path])
        #expect(w.status == 0, "\(w.stderr)")
        let data = try Data(contentsOf: out)
        #expect(Array(data.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
        #expect(Array(data.suffix(22).prefix(4)) == [0x50, 0x4B, 0x05, 0x06])
        for part in ["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet3.xml"] {
            #expect(data.range(of: Data(part.utf8)) != nil, "\(part)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["list.xlsx"])
        // The same run gives the same bytes; a failed run leaves the file as it was.
        let again = try runCLI(["rank", "--campaign", Self.campaign, "--format", "xlsx", "--output", out.path])
        let rewritten = try Data(contentsOf: out)
        #expect(again.status == 0 && rewritten == data)
        let bad = try runCLI(["rank", "--campaign", "no-such-campaign", "--format", "xlsx", "--output", out.path])
        #expect(bad.status != 0)
        #expect(try Data(contentsOf: out) == data)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["list.xlsx"])
    }

    @Test func xlsxGoesToAPipeWhenAsked() throws {
        let r = try runCLI(["rank", "--campaign", Self.campaign, "--format", "xlsx", "--output", "-"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("PK\u{03}\u{04}"))
    }

    /// The three commands that write workbooks, with the arguments they need besides --format and --output.
    static func workbookCommands(pipeline: String) -> [[String]] {
        [["rank", "--campaign", campaign], ["coordinate", "--province", "内蒙古"], ["pipeline", "report", "--file", pipeline]]
    }

    @Test func noCommandWritesAWorkbookToATerminalOrWithoutAFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pipeline = dir.appendingPathComponent("p.synthetic.csv").path
        #expect(try runCLI(["synth", "pipeline", "--per-campaign", "25", "--out", pipeline, "--quiet"]).status == 0)
        for command in Self.workbookCommands(pipeline: pipeline) {
            let terminal = try runCLIOnTerminal(command + ["--format", "xlsx", "--output", "-"])
            #expect(terminal.status == 64 && terminal.stderr.contains("terminal"), "\(command[0]): \(terminal.stderr)")
            #expect(terminal.stdout.isEmpty, "\(command[0]) wrote to the terminal")
            let none = try runCLI(command + ["--format", "xlsx"])
            #expect(none.status == 64 && none.stderr.contains("--output FILE.xlsx") && none.stdout.isEmpty, "\(command[0]): \(none.stderr)")
            let piped = try runCLI(command + ["--format", "xlsx", "--output", "-", "--quiet"])
            #expect(piped.status == 0 && piped.stdout.hasPrefix("PK\u{03}\u{04}"), "\(command[0]): \(piped.stderr)")
        }
        // A terminal still gets the text formats.
        let text = try runCLIOnTerminal(["coordinate", "--province", "内蒙古"])
        #expect(text.status == 0 && text.stdout.contains("多地争抢的企业"), "\(text.stderr)")
    }

    @Test func coordinateAndPipelineReportWriteWorkbooksAtomically() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pipeline = dir.appendingPathComponent("p.synthetic.csv").path
        #expect(try runCLI(["synth", "pipeline", "--per-campaign", "25", "--out", pipeline, "--quiet"]).status == 0)
        for (name, command) in zip(["coordinate.xlsx", "report.xlsx"], Self.workbookCommands(pipeline: pipeline).dropFirst()) {
            let out = dir.appendingPathComponent(name)
            let w = try runCLI(command + ["--format", "xlsx", "--output", out.path, "--quiet"])
            #expect(w.status == 0 && w.stdout.isEmpty, "\(w.stderr)")
            let data = try Data(contentsOf: out)
            #expect(Array(data.prefix(4)) == [0x50, 0x4B, 0x03, 0x04] && Array(data.suffix(22).prefix(4)) == [0x50, 0x4B, 0x05, 0x06])
            let again = try runCLI(command + ["--format", "xlsx", "--output", out.path, "--quiet"])
            #expect(try again.status == 0 && Data(contentsOf: out) == data, "\(name): the same inputs, the same bytes")
        }
        let sheets = try String(decoding: Data(contentsOf: dir.appendingPathComponent("coordinate.xlsx")), as: UTF8.self)
        #expect(sheets.contains("name=\"争抢企业\"") && sheets.contains("name=\"nm-wuhai-coal-based-materials\""))
        let report = try String(decoding: Data(contentsOf: dir.appendingPathComponent("report.xlsx")), as: UTF8.self)
        #expect(report.contains("name=\"月调度\"") && report.contains("合成数据 SYNTHETIC"))
        // A bad file leaves the workbook as it was.
        let bad = try runCLI(["pipeline", "report", "--file", dir.appendingPathComponent("missing.csv").path, "--format", "xlsx",
                              "--output", dir.appendingPathComponent("report.xlsx").path])
        #expect(bad.status == 66, "\(bad.stderr)")
        #expect(try String(decoding: Data(contentsOf: dir.appendingPathComponent("report.xlsx")), as: UTF8.self) == report)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["p.synthetic.csv", "coordinate.xlsx", "report.xlsx"])
    }
}

/// Runs the binary with its standard output on a pseudo-terminal, as when typed in a shell (standard error on a pipe).
func runCLIOnTerminal(_ arguments: [String]) throws -> CLIResult {
    // posix_openpt and its companions are in the C library but not in Swift's view of it: looked up by name.
    typealias Call = @convention(c) (Int32) -> Int32
    typealias Name = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
    func libc<T>(_ symbol: String, _: T.Type) -> T { unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), symbol)!, to: T.self) }
    let master = libc("posix_openpt", Call.self)(O_RDWR | O_NOCTTY)
    guard master >= 0, libc("grantpt", Call.self)(master) == 0, libc("unlockpt", Call.self)(master) == 0,
          let name = libc("ptsname", Name.self)(master) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no pseudo-terminal"])
    }
    defer { close(master) }
    let terminal = FileHandle(forUpdatingAtPath: String(cString: name))!
    let process = Process()
    process.executableURL = chainmatchBinary()
    process.arguments = arguments
    process.currentDirectoryURL = repositoryRoot
    process.standardOutput = terminal
    let err = Pipe()
    process.standardError = err
    try process.run()
    try terminal.close()
    // Read the terminal until the program has closed it (EIO), so it never blocks on a full terminal.
    var out = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = read(master, &buffer, buffer.count)
        if n <= 0 { break }
        out.append(contentsOf: buffer[0..<n])
    }
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLIResult(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}
