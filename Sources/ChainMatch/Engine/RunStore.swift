import Foundation

/// An output folder of dated batch runs, each complete or absent, with `latest` pointing at the newest.
///
/// ```swift
/// let store = RunStore(root: "out")
/// let run = try store.write(date: Date()) { draft in               // draft.path: a hidden temp folder
///     try AtomicFile.write(csv, to: draft.path + "/campaign-7.csv")
/// }
/// run.name            // "2026-12-01T020000Z"; out/latest -> 2026-12-01T020000Z
/// run.removedStale    // [".incomplete-2026-11-30T020000Z-4711"] left by a killed run
/// ```
///
/// A run is written into `.incomplete-<name>-<pid>` and renamed to `<name>` only when `body` returns;
/// then the `latest` symlink is replaced atomically (a temporary symlink renamed over it), so it only
/// ever names a complete run. A failing `body` removes its temporary folder and changes nothing else;
/// earlier runs are never written to. Writers take an exclusive lock on `.runstore.lock`, so a second
/// writer on the same folder fails fast instead of interleaving, and the `.incomplete-*` folders found
/// while holding the lock can only be left by killed runs: they are removed and reported.
///
/// Run names are UTC timestamps `yyyy-MM-ddTHHmmssZ`, so name order is time order; `runs()` lists
/// only folders with such names.
public struct RunStore: Sendable {
    /// A run being written: its final name and the temporary folder to write into.
    public struct Draft: Sendable {
        public let name: String
        public let path: String
        /// Leftover temporary folders of killed runs removed before this run started.
        public let removedStale: [String]
    }

    /// A run that is complete and in place.
    public struct Completed: Equatable, Sendable {
        public let name: String
        public let path: String
        public let removedStale: [String]
        /// The complete run before this one, if any (what to diff against).
        public let previous: String?
    }

    public static let latestName = "latest"
    static let incompletePrefix = ".incomplete-"
    static let lockName = ".runstore.lock"

    public let root: String

    public init(root: String) { self.root = root }

    /// The run name for `date`: its UTC time as `yyyy-MM-ddTHHmmssZ`.
    public static func runName(for date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// Whether `name` has the form of a run name.
    public static func isRunName(_ name: String) -> Bool {
        let b = Array(name.utf8)
        guard b.count == 18, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[17] == UInt8(ascii: "Z") else { return false }
        guard [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 13, 14, 15, 16].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[$0]) }) else {
            return false
        }
        // A real calendar date and time: 2026-02-30, 2026-13-45 and 0000-00-00 are not run names.
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(b[$1] - UInt8(ascii: "0")) } }
        let year = number(0..<4), month = number(5..<7), day = number(8..<10)
        let hour = number(11..<13), minute = number(13..<15), second = number(15..<17)
        guard year >= 1970, (1...12).contains(month), hour < 24, minute < 60, second < 60 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// The folder of run `name`.
    public func path(of name: String) -> String { root + "/" + name }

    /// The complete runs, oldest first.
    public func runs() throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: root)
        } catch {
            if !FileManager.default.fileExists(atPath: root) { return [] }
            throw ChainMatchError.missingInput(path: root, "cannot list runs: \(error.localizedDescription)")
        }
        return names.filter { Self.isRunName($0) && isRealDirectory(path(of: $0)) }.sorted()
    }

    /// The run `latest` points at, when it points at a complete run.
    public func latest() -> String? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path(of: Self.latestName)),
              Self.isRunName(target), isRealDirectory(path(of: target)) else { return nil }
        return target
    }

    /// The newest complete run older than `name` (which need not exist).
    public func previous(before name: String) throws -> String? {
        try runs().last { $0 < name }
    }

    /// Writes a run named after `date`: `body` fills `draft.path`; the run appears only if it returns.
    @discardableResult
    public func write(date: Date, _ body: (Draft) throws -> Void) throws -> Completed {
        try write(name: Self.runName(for: date), body)
    }

    /// The folder's run lock, held until the value is released: a batch takes it before any work, so a
    /// second batch on the same folder is refused at once instead of after scoring.
    public final class Lock: @unchecked Sendable {
        let fd: Int32
        init(fd: Int32) { self.fd = fd }
        deinit { close(fd) }
    }

    /// Creates the folder if needed and takes its run lock; throws `.cannotCreateOutput` when another
    /// run holds it.
    public func lock() throws -> Lock {
        try Folders.create(root)
        return Lock(fd: try acquireLock())
    }

    /// Writes a run called `name` (a run name, see `isRunName`), taking the folder's lock unless `held`.
    @discardableResult
    public func write(name: String, holding held: Lock? = nil, _ body: (Draft) throws -> Void) throws -> Completed {
        guard Self.isRunName(name) else {
            throw ChainMatchError.usage("run name '\(name)' is not a UTC timestamp like 2026-12-01T020000Z")
        }
        let lock = try held ?? self.lock()
        defer { withExtendedLifetime(lock) {} }

        let removed = try removeStaleIncomplete()
        let final = path(of: name)
        if FileManager.default.fileExists(atPath: final) {
            throw ChainMatchError.cannotCreateOutput(path: final, "a run with this name already exists; earlier runs are never overwritten")
        }
        let temporary = path(of: "\(Self.incompletePrefix)\(name)-\(getpid())")
        do {
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        } catch {
            throw ChainMatchError.cannotCreateOutput(path: temporary, Folders.sentence(for: error))
        }
        do {
            try body(Draft(name: name, path: temporary, removedStale: removed))
            try Self.renameNoReplace(temporary, final)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        syncDirectory(root)
        try pointLatest(at: try runs().last ?? name)
        return Completed(name: name, path: final, removedStale: removed, previous: try previous(before: name))
    }

    /// Points `latest` at the newest complete run (after a writer was killed between finishing a run
    /// and swapping the link) and removes killed runs' leftovers; returns the removed names.
    @discardableResult
    public func repairLatest(holding held: Lock? = nil) throws -> [String] {
        guard FileManager.default.fileExists(atPath: root) else { return [] }
        let lock = try held ?? self.lock()
        defer { withExtendedLifetime(lock) {} }
        let removed = try removeStaleIncomplete()
        if let newest = try runs().last, latest() != newest { try pointLatest(at: newest) }
        return removed
    }

    /// Removes `.incomplete-*` folders (runs that were killed); returns their names. Call only while
    /// holding the lock, as `write` does.
    func removeStaleIncomplete() throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        var removed: [String] = []
        for name in names where name.hasPrefix(".latest.tmp-") {
            unlink(path(of: name))   // a symlink left by a writer killed while swapping `latest`
        }
        for name in names.sorted() where name.hasPrefix(Self.incompletePrefix) {
            do {
                try FileManager.default.removeItem(atPath: path(of: name))
                removed.append(name)
            } catch {
                throw ChainMatchError.cannotCreateOutput(path: path(of: name), "cannot remove a killed run's leftovers: \(error.localizedDescription)")
            }
        }
        return removed
    }

    /// Replaces `latest` with a symlink to `name`, atomically.
    func pointLatest(at name: String) throws {
        let link = path(of: Self.latestName)
        let temporary = path(of: ".latest.tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        guard symlink(name, temporary) == 0 else {
            throw ChainMatchError.cannotCreateOutput(path: temporary, String(cString: strerror(errno)))
        }
        guard rename(temporary, link) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ChainMatchError.cannotCreateOutput(path: link, "cannot update the latest link: \(reason)")
        }
        syncDirectory(root)
    }

    private func acquireLock() throws -> Int32 {
        let lockPath = path(of: Self.lockName)
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ChainMatchError.cannotCreateOutput(path: lockPath, String(cString: strerror(errno)))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw ChainMatchError.cannotCreateOutput(path: root, "another run is writing to this folder right now")
        }
        return fd
    }

    private func isRealDirectory(_ p: String) -> Bool {
        var info = stat()
        return lstat(p, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private func syncDirectory(_ p: String) {
        let fd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let renameat2: RenameAt2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2")
        .map { unsafeBitCast($0, to: RenameAt2.self) }

    /// Renames a folder, failing if the destination exists (`renameat2` with `RENAME_NOREPLACE` where
    /// the C library and file system have it; otherwise a check then `rename`).
    static func renameNoReplace(_ from: String, _ to: String) throws {
        if let renameat2 {
            if renameat2(AT_FDCWD, from, AT_FDCWD, to, 1 /* RENAME_NOREPLACE */) == 0 { return }
            let code = errno
            if code != EINVAL && code != ENOSYS {
                throw ChainMatchError.cannotCreateOutput(path: to, code == EEXIST ? "already exists" : String(cString: strerror(code)))
            }
        }
        if FileManager.default.fileExists(atPath: to) {
            throw ChainMatchError.cannotCreateOutput(path: to, "already exists")
        }
        guard rename(from, to) == 0 else {
            throw ChainMatchError.cannotCreateOutput(path: to, String(cString: strerror(errno)))
        }
    }
}
