import Foundation

/// A program on the PATH that a test may use to check our output, when it is installed.
///
/// ```swift
/// if let unzip = ExternalTool.find("unzip") { let r = try unzip.run(["-t", path]); #expect(r.status == 0) }
/// ```
struct ExternalTool {
    let path: String

    /// The first executable called `name` on the PATH, or nil.
    static func find(_ name: String) -> ExternalTool? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for dir in dirs {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return ExternalTool(path: candidate) }
        }
        return nil
    }

    /// Runs the program and returns its exit status and what it printed (standard output and error together).
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
