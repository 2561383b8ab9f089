import Foundation

/// Streams bytes into a file that appears at its destination only when complete: a temporary file
/// created exclusively beside it, flushed, renamed over it, and the directory flushed. The one atomic
/// writer: `AtomicFile` writes whole buffers through it.
///
/// ```swift
/// let writer = try AtomicFileWriter(path: "cache/features.store")
/// try writer.write(header)
/// try writer.write(payload)
/// try writer.commit()      // flushed, then renamed over the destination
/// ```
///
/// For outputs too large to assemble in memory first (`AtomicFile` takes a whole `Data`). The
/// temporary file lives in the destination's directory; a writer that is not committed removes it
/// when it is released, so a failure leaves the destination exactly as it was.
public final class AtomicFileWriter {
    public let path: String
    let temporaryPath: String
    private var fd: Int32
    private var finished = false

    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ChainMatchError.cannotCreateOutput(path: directory.path, "cannot create directory: \(error.localizedDescription)")
        }
        temporaryPath = directory.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ChainMatchError.cannotCreateOutput(path: path, "cannot create a temporary file: \(String(cString: strerror(errno)))")
        }
    }

    deinit { abandon() }

    /// Appends `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !finished else { throw ChainMatchError.internalFailure("write after commit to \(path)") }
        do { try Self.writeAll(fd, bytes, path: path) } catch { abandon(); throw error }
    }

    /// Writes every byte to `fd`, retrying short and interrupted writes.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        guard var p = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = Glibc.write(fd, p, min(remaining, 1 << 30))
            if n < 0 {
                if errno == EINTR { continue }
                throw ChainMatchError.cannotCreateOutput(path: path, String(cString: strerror(errno)))
            }
            p += n
            remaining -= n
        }
    }

    /// Writes `data` to a new file at `path` (an existing file is refused, never overwritten) without
    /// flushing it: for the files of a draft folder that becomes visible by one rename, flushed together.
    public static func writeNew(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ChainMatchError.cannotCreateOutput(path: path, String(cString: strerror(errno))) }
        defer { close(fd) }
        try data.withUnsafeBytes { try writeAll(fd, $0, path: path) }
    }

    /// Appends the bytes of `data`.
    public func write(_ data: Data) throws {
        try data.withUnsafeBytes { try write($0) }
    }

    /// Flushes the file to disk and renames it over the destination.
    public func commit() throws {
        guard !finished else { throw ChainMatchError.internalFailure("commit twice to \(path)") }
        if fsync(fd) != 0 {
            let reason = String(cString: strerror(errno))
            abandon()
            throw ChainMatchError.cannotCreateOutput(path: path, "flush failed: \(reason)")
        }
        close(fd)
        fd = -1
        if rename(temporaryPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            abandon()
            throw ChainMatchError.cannotCreateOutput(path: path, reason)
        }
        finished = true
        // The rename is durable once the directory is flushed too.
        let directory = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 { fsync(directory); close(directory) }
    }

    /// Drops the temporary file; the destination is untouched. Safe to call more than once.
    public func abandon() {
        guard !finished else { return }
        finished = true
        if fd >= 0 { close(fd); fd = -1 }
        unlink(temporaryPath)
    }

    /// Removes temporary files that writers of `path` (this type or `AtomicFile`) left behind when
    /// their process was killed: `.<name>.tmp-<pid>-<n>` beside `path` whose process no longer exists.
    /// Returns the removed names. Files of live processes are left alone.
    @discardableResult
    public static func removeAbandonedTemporaries(of path: String) -> [String] {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let prefix = ".\(url.lastPathComponent).tmp-"
        var removed: [String] = []
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted() where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid > 0 else { continue }
            if kill(pid, 0) == 0 || errno != ESRCH { continue }   // alive, or not ours to judge
            if unlink(directory + "/" + name) == 0 { removed.append(name) }
        }
        return removed
    }
}
