import Foundation

/// A binary copy of what `Recommender.load` builds from `datasets/` and `models/`, so the interactive
/// commands read one mapped file instead of parsing and encoding everything again.
///
/// ```swift
/// let snapshot = LoadSnapshot(location: location, folder: LoadSnapshot.defaultFolder()!)
/// let (engine, note) = try snapshot.recommender()   // reads it when current, else loads and writes it
/// print(note)                                        // "snapshot current: …" or why it was rebuilt
/// ```
///
/// A snapshot is keyed like the feature store: by the engine (version, and the size and modification
/// time of the running executable, so a rebuilt binary never reads an older build's snapshot) and by
/// every source file — its size, modification time and XXH64 digest. A source whose size or time
/// changed is hashed again; only a changed digest makes the snapshot stale. The payload carries its own
/// XXH64, checked on every read. A stale, damaged or unreadable snapshot is rebuilt from the sources
/// (the command then takes the full load), and one that cannot be written is only reported: the
/// snapshot is a cache, never the only copy of anything.
public struct LoadSnapshot: Sendable {
    public let location: DataLocation
    public let path: String

    static let magic: [UInt8] = Array("CMSNAP03".utf8)

    /// The snapshot of `location` inside `folder`: one file per data root and executable (a debug and a
    /// release build keep one each).
    public init(location: DataLocation, folder: String) {
        self.location = location
        let key = String(XXHash64.hash(Data((location.root + "\n" + Self.executable).utf8)), radix: 16)
        path = folder + "/snapshot-" + key + ".bin"
    }

    /// `$CHAINMATCH_CACHE`, else `$XDG_CACHE_HOME/chainmatch`, else `~/.cache/chainmatch`; nil when
    /// `CHAINMATCH_SNAPSHOT=0` turns snapshots off or no home folder is known.
    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if environment["CHAINMATCH_SNAPSHOT"] == "0" { return nil }
        if let dir = environment["CHAINMATCH_CACHE"], !dir.isEmpty { return dir }
        if let dir = environment["XDG_CACHE_HOME"], !dir.isEmpty { return dir + "/chainmatch" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.cache/chainmatch" }
        return nil
    }

    /// The engine: from the snapshot when it is current, otherwise loaded from the sources and the
    /// snapshot written for next time. The note says which, and why.
    public func recommender() throws -> (Recommender, String) {
        let started = Date()
        let threads = BLAS.threads  // as in `Recommender.load`: no idle BLAS workers spinning meanwhile
        BLAS.threads = 1
        defer { BLAS.threads = threads }
        let reason: String
        do {
            if let restored = try read() {
                let engine = try Recommender(location: location, snapshot: restored)
                let (data, models) = restored.milliseconds
                return (engine, "snapshot current (\(path)); read in \(Self.milliseconds(since: started)) ms (data \(data) ms beside models \(models) ms)")
            }
            reason = "no snapshot yet"
        } catch let error as SnapshotStale {
            reason = error.reason
        } catch {
            reason = "snapshot unreadable (\(Folders.sentence(for: error)))"
        }
        // The sources are hashed before they are loaded: a file that changes meanwhile makes the next
        // run's digest differ, so the snapshot is rebuilt rather than trusted.
        let sources = try? sourcePaths().map(source)
        let engine = try Recommender.load(from: location)
        let loaded = Self.milliseconds(since: started)
        do {
            guard let sources else { throw ChainMatchError.missingInput(path: location.root, "cannot hash the source files") }
            try write(engine, sources: sources)
            return (engine, "\(reason): loaded datasets/ and models/ in \(loaded) ms and wrote \(path)")
        } catch {
            return (engine, "\(reason): loaded datasets/ and models/ in \(loaded) ms; could not write the snapshot (\(Folders.sentence(for: error)))")
        }
    }

    static func milliseconds(since start: Date) -> Int { Int((Date().timeIntervalSince(start) * 1000).rounded()) }

    /// Why a snapshot was not used.
    struct SnapshotStale: Error { let reason: String }

    /// What the header records of one source file.
    struct Source: Codable, Equatable {
        var path: String
        var size: Int64
        var modified: Int64
        var digest: UInt64
    }

    /// One part of the payload: its byte count and XXH64.
    struct Part: Codable {
        var bytes: Int64
        var digest: UInt64
    }

    struct Header: Codable {
        var engine: String
        var sources: [Source]
        var parts: [Part]
    }

    /// The engine's key: its version and the running executable's size and modification time.
    static func engineKey() -> String {
        let stat = Self.stamp(executable)
        return "chainmatch \(ChainMatchInfo.version); \(executable) \(stat?.size ?? -1) bytes, modified \(stat?.modified ?? -1)"
    }

    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Every file the load reads: `datasets/*.csv` and every file under `models/` but hidden ones, sorted by path.
    func sourcePaths() throws -> [String] {
        let datasets = try FileManager.default.contentsOfDirectory(atPath: location.datasets).filter { $0.hasSuffix(".csv") }
        // The same model files the batch's feature digest covers (hidden files left out).
        return (datasets.map { "datasets/" + $0 } + (try BatchInputs.modelFiles(location.models)).map { "models/" + $0 }).sorted()
    }

    static func stamp(_ path: String) -> (size: Int64, modified: Int64)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return (Int64(st.st_size), Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec))
    }

    func source(_ relative: String) throws -> Source {
        let full = location.root + "/" + relative
        guard let stat = Self.stamp(full) else { throw ChainMatchError.missingInput(path: full, "cannot read the file's size") }
        let data = try Data(contentsOf: URL(fileURLWithPath: full), options: .alwaysMapped)
        return Source(path: relative, size: stat.size, modified: stat.modified, digest: XXHash64.hash(data))
    }
}
