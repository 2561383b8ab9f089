import Foundation

/// Writes files so that a reader sees either the old content or the complete new content, never half.
///
/// ```swift
/// try AtomicFile.write(Data("rank,name\n".utf8), to: "out/list.csv")
/// ```
///
/// Through `AtomicFileWriter`: the bytes go to a temporary file in the destination's directory, are
/// flushed to disk, the temporary file is renamed over the destination and the directory flushed. On
/// any failure the temporary file is removed and the destination is left exactly as it was.
public enum AtomicFile {
    /// Writes `data` to `path` atomically, creating the parent directory if needed.
    public static func write(_ data: Data, to path: String) throws {
        let writer = try AtomicFileWriter(path: path)
        try writer.write(data)
        try writer.commit()
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
