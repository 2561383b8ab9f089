import Foundation

/// What a batch run folder holds and how it is written.
///
/// ```text
/// out/2026-12-01T000000Z/
///   manifest.json          inputs with SHA-256, engine, kernel, threads, counts, per-campaign checksums
///   timings.json           seconds per phase, store reused or rebuilt, peak RSS (differs run to run)
///   <campaign-id>.csv      exactly `chainmatch rank --campaign <id> --format csv`
///   <campaign-id>.json     exactly `chainmatch rank --campaign <id> --format json`
///   <campaign-id>.xlsx     with workbooks only: the list and its reasons (`RankingWorkbook`, sheets 名单, 理由)
///   coordination-<province>.txt/.csv/.json/.html(/.xlsx)
///                          coordinated runs only: each province's report, as `chainmatch coordinate` writes it
/// out/latest -> 2026-12-01T000000Z
/// ```
///
/// Workbooks are optional: a run without them writes exactly what it wrote before they existed (its
/// manifest entries have no `xlsx` keys); with them each entry names its workbook and the workbook's SHA-256.
/// Everything but `timings.json` is a function of the inputs: a rerun with the same inputs writes
/// the same bytes. The run is named after a date (`--date`, default today in UTC, at 00:00:00Z), so
/// rerunning the same night finds the run: with the same input digest it is already complete (and
/// `latest` is repaired if a killed writer left it behind); with other inputs it is refused.
public enum BatchRunWriter {
    public struct CampaignEntry: Codable, Equatable, Sendable {
        public var id: String
        public var results: Int
        public var csv: String
        public var json: String
        public var csv_sha256: String
        public var json_sha256: String
        /// The weight profile the list was ranked with, and the SHA-256 of its file: a list stays
        /// reproducible when a learned profile is added or a profile changes.
        public var profile: String?
        public var profile_sha256: String?
        /// The list's workbook and its SHA-256, when the run was asked for workbooks (absent otherwise).
        public var xlsx: String?
        public var xlsx_sha256: String?
    }

    public struct Counts: Codable, Equatable, Sendable {
        public var enterprises: Int
        public var campaigns: Int
        public var columns: Int
        public var features: Int
        public var k: Int
    }

    public struct Manifest: Codable, Equatable, Sendable {
        public static let currentFormat = "chainmatch-run 1"
        public var format = Manifest.currentFormat
        public var run: String
        public var engine_version: String
        public var kernel: String
        public var threads: Int
        public var shards: Int
        public var input_digest: String
        public var feature_digest: String
        public var inputs: [BatchInputs.File]
        public var counts: Counts
        public var campaigns: [CampaignEntry]
        /// Present when the run ranked each province's campaigns together (`batch --coordinate`).
        public var coordination: CoordinationEntry? = nil
    }

    public static let manifestName = "manifest.json"
    public static let timingsName = "timings.json"

    /// The run name for `--date`: `YYYY-MM-DD` (that day at 00:00:00Z), a full run name
    /// (`2026-12-01T020000Z`), or nil for today in UTC.
    public static func runName(date: String?, now: Date = Date()) throws -> String {
        guard let date else { return String(RunStore.runName(for: now).prefix(10)) + "T000000Z" }
        if RunStore.isRunName(date) { return date }
        let candidate = date + "T000000Z"
        guard date.count == 10, RunStore.isRunName(candidate) else {
            throw ChainMatchError.usage("--date expects YYYY-MM-DD or YYYY-MM-DDTHHMMSSZ, got '\(date)'")
        }
        return candidate
    }

    /// The manifest of run `name` under `root`, if that run exists.
    public static func existingManifest(root: String, name: String) throws -> Manifest? {
        let path = RunStore(root: root).path(of: name)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try readManifest(run: path)
    }

    public static func readManifest(run: String) throws -> Manifest {
        let path = run + "/" + manifestName
        guard let data = FileContents.contents(path) else {
            throw ChainMatchError.missingInput(path: path, "no manifest: not a batch run folder")
        }
        // Read strictly, like every input: an error names the file, line and column of the bad value.
        let m = try StrictJSONObject.parse(data, file: path)
        let format = try m.string("format")
        guard format == Manifest.currentFormat else {
            throw ChainMatchError.badData(SourceLocation(file: path, field: "format"), "'\(format)' is not a run manifest this engine reads (\(Manifest.currentFormat))")
        }
        func count(_ key: String) throws -> Int { try m.object("counts").wholeNumber(key, in: 0...Int.max) }
        return Manifest(
            run: try m.string("run"), engine_version: try m.string("engine_version"), kernel: try m.string("kernel"),
            threads: try m.wholeNumber("threads", in: 0...Int.max), shards: try m.wholeNumber("shards", in: 0...Int.max),
            input_digest: try m.string("input_digest"), feature_digest: try m.string("feature_digest"),
            inputs: try m.objects("inputs", labelKey: "role").map { f in
                BatchInputs.File(role: try f.string("role"), path: try f.string("path"), sha256: try f.string("sha256"),
                                 bytes: try f.wholeNumber("bytes", in: 0...Int.max))
            },
            counts: Counts(enterprises: try count("enterprises"), campaigns: try count("campaigns"), columns: try count("columns"),
                           features: try count("features"), k: try count("k")),
            campaigns: try m.objects("campaigns").map { c in
                CampaignEntry(id: try c.string("id"), results: try c.wholeNumber("results", in: 0...Int.max), csv: try c.string("csv"),
                              json: try c.string("json"), csv_sha256: try c.string("csv_sha256"), json_sha256: try c.string("json_sha256"),
                              profile: try c.optionalString("profile"), profile_sha256: try c.optionalString("profile_sha256"),
                              xlsx: try c.optionalString("xlsx"), xlsx_sha256: try c.optionalString("xlsx_sha256"))
            },
            coordination: try readCoordination(m))
    }

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }

    /// Whether a campaign id can name files in a run folder.
    static func checkFileName(_ id: String) throws {
        guard !id.isEmpty, !id.hasPrefix("."), !id.contains("/"), id != "manifest", id != "timings", id != "latest" else {
            throw ChainMatchError.badData(SourceLocation(file: "campaign \(id)"), "campaign id cannot name a file in a run folder")
        }
    }

    /// Writes the lists as run `name` under `root` (via `RunStore`: complete or absent); with `workbooks`,
    /// each list also as `<campaign-id>.xlsx`, its headers in `language`; with `coordination`, each province's
    /// report (`coordinationFiles`).
    public static func write(lists: [RankedList], inputs: BatchInputs, plan: RankingPlan, rows: Int, features: Int,
                             threads: Int, shards: Int, name: String, root: String, holding lock: RunStore.Lock? = nil,
                             workbooks: Bool = false, language: Reasons.Language = .zh,
                             coordination: (maxCampaigns: Int, reports: [ProvinceCoordination])? = nil,
                             timings: () -> [String: Any]) throws -> RunStore.Completed {
        for list in lists { try checkFileName(list.campaign.id) }
        let listNames = Set(lists.flatMap { l in ["csv", "json", "xlsx"].map { l.campaign.id + "." + $0 } })
        let reports = try coordination.map { try coordinationFiles($0, listNames: listNames, workbooks: workbooks, language: language) }
        return try RunStore(root: root).write(name: name, holding: lock) { draft in
            // The draft folder becomes visible only when renamed, so its files are written plainly and
            // flushed to disk together, once, before the rename (thousands of fsyncs cost seconds).
            // Lists are rendered 64 at a time on all cores, then written in order: the rendered run is never
            // all in memory, and the bytes are the same as one at a time.
            var entries: [CampaignEntry] = []
            var names: [String] = []
            for start in stride(from: 0, to: lists.count, by: 64) {
                let chunk = Array(lists[start..<min(start + 64, lists.count)])
                let rendered = Parallel.map(chunk, grain: 8) { list in
                    Result { try render(list, inputs: inputs, workbooks: workbooks, language: language) }
                }
                for result in rendered {
                    let (files, entry) = try result.get()
                    for file in files {
                        try AtomicFileWriter.writeNew(file.data, to: draft.path + "/" + file.name)
                        names.append(file.name)
                    }
                    entries.append(entry)
                }
            }
            for file in reports?.files ?? [] {
                try AtomicFileWriter.writeNew(file.data, to: draft.path + "/" + file.name)
                names.append(file.name)
            }
            let manifest = Manifest(
                run: name, engine_version: ChainMatchInfo.version, kernel: BLAS.coreName, threads: threads, shards: shards,
                input_digest: inputs.inputDigest, feature_digest: inputs.featureDigest, inputs: inputs.files,
                counts: Counts(enterprises: rows, campaigns: lists.count, columns: plan.columns.count, features: features, k: plan.k),
                campaigns: entries, coordination: reports?.entry)
            var manifestData = try encoder().encode(manifest)
            manifestData.append(0x0A)
            try AtomicFileWriter.writeNew(manifestData, to: draft.path + "/" + manifestName)
            var t = timings()
            t["run"] = name
            var data = try JSONSerialization.data(withJSONObject: t, options: [.prettyPrinted, .sortedKeys])
            data.append(0x0A)
            try AtomicFileWriter.writeNew(data, to: draft.path + "/" + timingsName)
            try flush(folder: draft.path, files: names + [manifestName, timingsName])
        }
    }

    /// Flushes the folder's file system (`syncfs`), or each file where that is unavailable.
    static func flush(folder: String, files: [String]) throws {
        typealias SyncFS = @convention(c) (Int32) -> Int32
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw ChainMatchError.cannotCreateOutput(path: folder, String(cString: strerror(errno))) }
        defer { close(fd) }
        if let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs"), unsafeBitCast(f, to: SyncFS.self)(fd) == 0 { return }
        for file in files {
            let ffd = open(folder + "/" + file, O_RDONLY | O_CLOEXEC)
            guard ffd >= 0 else { continue }
            fsync(ffd)
            close(ffd)
        }
        fsync(fd)
    }

    /// Each campaign's ranked entries in a run folder, by campaign id (from the manifest's list files).
    public static func readLists(run: String, only ids: Set<String>? = nil) throws -> [String: [RankedEntry]] {
        let manifest = try readManifest(run: run)
        var out: [String: [RankedEntry]] = [:]
        for c in manifest.campaigns where ids?.contains(c.id) ?? true {
            let path = run + "/" + c.json
            guard let data = FileContents.contents(path) else {
                throw ChainMatchError.missingInput(path: path, "list named in the manifest is missing")
            }
            // Read strictly, like every input: an error names the file, line and column.
            let root = try StrictJSONObject.parse(data, file: path)
            out[c.id] = try root.objects("results", labelKey: "enterprise_id").map { r in
                RankedEntry(id: try r.string("enterprise_id"), rank: try r.wholeNumber("rank", in: 1...Int.max),
                            score: Float(try r.double("score")))
            }
        }
        return out
    }

    /// One list's files (CSV, JSON and, when asked, the workbook) and its manifest entry.
    static func render(_ list: RankedList, inputs: BatchInputs, workbooks: Bool,
                       language: Reasons.Language) throws -> (files: [(name: String, data: Data)], entry: CampaignEntry) {
        let id = list.campaign.id
        let csv = RankingWriter.csv(list)
        let json = try RankingWriter.json([list])
        let profile = list.campaign.profile
        var entry = CampaignEntry(id: id, results: list.results.count, csv: id + ".csv", json: id + ".json",
                                  csv_sha256: SHA256.digest(csv).hex, json_sha256: SHA256.digest(json).hex, profile: profile,
                                  profile_sha256: inputs.files.first { $0.path == "models/profiles/\(profile).json" }?.sha256)
        var files = [(name: id + ".csv", data: csv), (name: id + ".json", data: json)]
        if workbooks {
            let book = try XLSXWriter.data(RankingWorkbook.workbook(list, chainMap: nil, language: language))
            entry.xlsx = id + ".xlsx"
            entry.xlsx_sha256 = SHA256.digest(book).hex
            files.append((name: id + ".xlsx", data: book))
        }
        return (files, entry)
    }

    /// Two runs' lists for a diff, parsing only the lists whose JSON differs (by the manifests' digests):
    /// a list that is the same bytes in both is given as empty on both sides, so its diff is empty.
    ///
    /// ```swift
    /// let (a, b) = try BatchRunWriter.listsToCompare(old: "runs/2026-12-01T000000Z", new: "runs/2026-12-02T000000Z")
    /// let diffs = try RunDiff.campaigns(old: a, new: b)
    /// ```
    public static func listsToCompare(old: String, new: String) throws -> (old: [String: [RankedEntry]], new: [String: [RankedEntry]]) {
        let before = Dictionary(try readManifest(run: old).campaigns.map { ($0.id, $0.json_sha256) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(try readManifest(run: new).campaigns.map { ($0.id, $0.json_sha256) }, uniquingKeysWith: { a, _ in a })
        let same = Set(before.filter { after[$0.key] == $0.value }.keys)
        var a = try readLists(run: old, only: Set(before.keys).subtracting(same))
        var b = try readLists(run: new, only: Set(after.keys).subtracting(same))
        for id in same { a[id] = []; b[id] = [] }
        return (a, b)
    }
}
