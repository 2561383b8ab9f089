import Foundation

/// Writes files so that a reader sees either the old content or the complete new content, never half.
///
/// ```swift
/// try AtomicFile.write(Data("rank,name\n".utf8), to: "out/list.csv")
/// ```
///
/// The bytes go to a temporary file in the destination's directory, are flushed to disk, and the
/// temporary file is renamed over the destination. On any failure the temporary file is removed and
/// the destination is left exactly as it was.
public enum AtomicFile {
    /// Writes `data` to `path` atomically, creating the parent directory if needed.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ChainMatchError.cannotCreateOutput(path: directory.path, "cannot create directory: \(error.localizedDescription)")
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        guard fm.createFile(atPath: temporary.path, contents: nil) else {
            throw ChainMatchError.cannotCreateOutput(path: path, "cannot create a temporary file in \(directory.path)")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            try? fm.removeItem(at: temporary)
            throw ChainMatchError.cannotCreateOutput(path: path, error.localizedDescription)
        }
        if rename(temporary.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? fm.removeItem(at: temporary)
            throw ChainMatchError.cannotCreateOutput(path: path, reason)
        }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
