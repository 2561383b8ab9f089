import Foundation

/// Reading a whole file: Foundation's readers, except for an empty file.
///
/// ```swift
/// let data = try FileContents.read("datasets/parks.csv", mapped: false)
/// ```
///
/// FoundationEssentials (Swift 6.3 on Linux) leaks the 4 KiB buffer it allocates when it reads an empty
/// file, through `Data(contentsOf:)` and `FileManager.contents(atPath:)` alike (found by the fuzz
/// targets under LeakSanitizer); an empty file is answered here without asking Foundation.
public enum FileContents {
    /// The file's bytes; throws Foundation's error when it cannot be read.
    public static func read(_ path: String, mapped: Bool = false) throws -> Data {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size == 0 { return Data() }
        return try Data(contentsOf: URL(fileURLWithPath: path), options: mapped ? .alwaysMapped : [])
    }

    /// The file's bytes, or nil when it cannot be read.
    public static func contents(_ path: String) -> Data? { try? read(path) }
}
