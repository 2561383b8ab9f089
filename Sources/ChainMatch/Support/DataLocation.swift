import Foundation

/// Finds the project's `datasets/` and `models/` folders.
///
/// ```swift
/// let root = try DataLocation.resolve(explicit: nil)
/// let parks = root.datasets + "/parks.csv"
/// ```
///
/// Looked for, in order: an explicit `--data-root`, the `CHAINMATCH_HOME` environment variable,
/// the current directory and its parents, then the executable's directory and its parents (so a
/// binary under `.build/release/` finds the checkout it was built from).
public struct DataLocation: Equatable, Sendable {
    /// The folder that holds `datasets/` and `models/`.
    public let root: String

    public init(root: String) { self.root = root }

    public var datasets: String { root + "/datasets" }
    public var models: String { root + "/models" }

    /// The first candidate folder that has both `datasets/` and `models/`.
    public static func resolve(explicit: String? = nil) throws -> DataLocation {
        let fm = FileManager.default
        func holdsData(_ dir: String) -> Bool {
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: dir + "/datasets", isDirectory: &isDir) && isDir.boolValue
                && fm.fileExists(atPath: dir + "/models", isDirectory: &isDir) && isDir.boolValue
        }
        if let explicit {
            let path = URL(fileURLWithPath: explicit).standardizedFileURL.path
            guard holdsData(path) else {
                throw ChainMatchError.missingInput(path: path, "no datasets/ and models/ folders here")
            }
            return DataLocation(root: path)
        }
        if let home = ProcessInfo.processInfo.environment["CHAINMATCH_HOME"], !home.isEmpty {
            guard holdsData(home) else {
                throw ChainMatchError.missingInput(path: home, "CHAINMATCH_HOME has no datasets/ and models/ folders")
            }
            return DataLocation(root: URL(fileURLWithPath: home).standardizedFileURL.path)
        }
        var starts = [fm.currentDirectoryPath]
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(URL(fileURLWithPath: exe).deletingLastPathComponent().path)
        }
        for start in starts {
            var dir = URL(fileURLWithPath: start).standardizedFileURL
            while true {
                if holdsData(dir.path) { return DataLocation(root: dir.path) }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        throw ChainMatchError.missingInput(
            path: fm.currentDirectoryPath,
            "cannot find datasets/ and models/; run inside a ChainMatch checkout, set CHAINMATCH_HOME or pass --data-root")
    }
}
