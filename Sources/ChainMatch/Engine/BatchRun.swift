import Foundation

/// One nightly run, the library's side: inputs loaded and checked, the output folder locked, the engine
/// opened, shards merged, the run written and compared with the previous one. `batch` and `merge` only
/// parse their options and print what this returns.
///
/// ```swift
/// let run = try BatchRun.prepare(BatchRun.Options(out: "runs", location: location), log: { print($0) })
/// if let path = try run.completedRun(log: { print($0) }) { print(path); return }   // same inputs: nothing to do
/// let engine = try run.openEngine(log: { print($0) })
/// let plan = try engine.plan()
/// let finished = try run.finish(engine: engine, plan: plan, candidates: try engine.score(plan: plan).map { $0.sorted() })
/// print(finished.path, finished.comparison)
/// ```
public struct BatchRun {
    public struct Options {
        public var out: String
        public var location: DataLocation
        public var campaignsFolder: String?
        public var enterprisesPath: String?
        public var top: Int?
        public var date: String?
        public var language: Reasons.Language = .zh
        public var threads = 2
        public var storePath: String?
        /// False for a shard, which writes partial results, not a run (and takes no lock).
        public var writesRun = true
        /// Also write each list as a workbook, `<campaign-id>.xlsx`, listed in the manifest.
        public var workbooks = false
        /// Rank each province's campaigns together, each enterprise on at most this many of its lists
        /// (`BatchEngine.coordinated`); nil ranks every campaign alone.
        public var coordination: Int?

        public init(out: String, location: DataLocation) {
            self.out = out
            self.location = location
        }
    }

    public let out: String
    /// The output folder's run lock, taken before any work (nil for a shard).
    public let lock: RunStore.Lock?
    public let inputs: BatchInputs
    public let storePath: String
    public let runName: String
    public let language: Reasons.Language
    public let threads: Int
    /// Whether the run writes each list as a workbook too.
    public let workbooks: Bool
    /// The lists one enterprise may join within a province, when the run coordinates provinces.
    public let coordination: Int?

    /// A run over inputs already loaded (the benchmark's synthetic ones); `prepare` is the usual way in.
    public init(out: String, lock: RunStore.Lock?, inputs: BatchInputs, storePath: String, runName: String,
                language: Reasons.Language = .zh, threads: Int = 2, workbooks: Bool = false, coordination: Int? = nil) {
        self.out = out; self.lock = lock; self.inputs = inputs; self.storePath = storePath
        self.runName = runName; self.language = language; self.threads = threads; self.workbooks = workbooks
        self.coordination = coordination
    }

    /// Checks the output folder (never inside the data it ranks), takes its lock and loads the inputs.
    public static func prepare(_ o: Options, log: (String) -> Void) throws -> BatchRun {
        let runName = try BatchRunWriter.runName(date: o.date)
        // A run inside the data it ranks would change that data's digest and so its own inputs.
        let outPath = URL(fileURLWithPath: o.out).standardizedFileURL.resolvingSymlinksInPath().path
        for folder in [o.location.models, o.location.datasets] {
            let inside = URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath().path
            if outPath == inside || outPath.hasPrefix(inside + "/") {
                throw ChainMatchError.usage("--out \(o.out) is inside \(folder), whose files are the run's inputs; write runs elsewhere")
            }
        }
        // Before any work: the folder must be one we can write, and no other run may be writing it.
        let lock = o.writesRun ? try RunStore(root: o.out).lock() : nil
        let t0 = ResourceUsage.now()
        let inputs = try BatchInputs.load(location: o.location, campaignsFolder: o.campaignsFolder ?? o.location.datasets + "/campaigns",
                                          enterprisesPath: o.enterprisesPath, top: o.top)
        log(String(format: "inputs: %d enterprises, %d campaigns, digest %@ (%.2f s)",
                   inputs.datasets.enterprises.count, inputs.campaigns.count, String(inputs.inputDigest.prefix(19)), ResourceUsage.now() - t0))
        if inputs.droppedExclusions > 0 {
            log("\(inputs.droppedExclusions) campaign exclusions name enterprises not in \(o.enterprisesPath ?? "the enterprise set"): dropped")
        }
        return BatchRun(out: o.out, lock: lock, inputs: inputs, storePath: o.storePath ?? o.out + "/.cache/enterprises.store",
                        runName: runName, language: o.language, threads: o.threads, workbooks: o.workbooks,
                        coordination: o.coordination)
    }

    /// The run's path when it already exists with the same inputs (`latest` repaired); nil when it does
    /// not exist; throws when it exists with other inputs, or without the workbooks asked for (runs are
    /// never overwritten). A run with workbooks is complete for a request without them.
    public func completedRun(log: (String) -> Void) throws -> String? {
        guard let existing = try BatchRunWriter.existingManifest(root: out, name: runName) else { return nil }
        let path = RunStore(root: out).path(of: runName)
        let otherDate = "runs are never overwritten: pass --date with a time, e.g. --date \(String(runName.prefix(10)))T\(RunStore.runName(for: Date()).suffix(7))"
        guard existing.input_digest == inputs.inputDigest else {
            throw ChainMatchError.cannotCreateOutput(path: path, "a run of this date exists with other inputs (\(existing.input_digest.prefix(19))…, now \(inputs.inputDigest.prefix(19))…); \(otherDate)")
        }
        if workbooks && existing.campaigns.contains(where: { $0.xlsx == nil }) {
            throw ChainMatchError.cannotCreateOutput(path: path, "a run of this date exists without workbooks (--xlsx); \(otherDate)")
        }
        if existing.coordination?.max_campaigns != coordination {
            let had = existing.coordination.map { "coordinated (--max-campaigns \($0.max_campaigns))" } ?? "not coordinated"
            throw ChainMatchError.cannotCreateOutput(path: path, "a run of this date exists \(had); \(otherDate)")
        }
        for name in try RunStore(root: out).repairLatest(holding: lock) { log("removed a killed run's leftovers: \(name)") }
        return path
    }

    /// The engine over the run's feature store (reused when its inputs match, else rebuilt).
    public func openEngine(log: @escaping (String) -> Void) throws -> BatchEngine {
        let engine = try BatchEngine(inputs: inputs, storePath: storePath, log: log)
        engine.threads = threads
        log(String(format: "feature store %@: %@ (%.2f s)", storePath, engine.storeStatus, engine.storeSeconds))
        log("kernel: \(BLAS.coreName), \(threads) threads")
        return engine
    }

    /// The partial results of a sharded run, each checked to come from these inputs, and merged (before any
    /// store work); `check` then compares them with the plan.
    public func readShards(_ files: [String]) throws -> (parts: [PartialTopK], merged: [TopK]) {
        let parts = try files.map { try PartialTopK.read(from: $0) }
        for (file, part) in zip(files, parts) where part.inputDigest != inputs.inputDigest {
            throw ChainMatchError.badData(SourceLocation(file: file), "scored other inputs (\(part.inputDigest.prefix(19))…) than these (\(inputs.inputDigest.prefix(19))…): give merge the same --campaigns, --enterprises and --top as the shards")
        }
        return (parts, try PartialTopK.merge(parts, names: files))
    }

    /// The merged shards' candidates, once their columns, k and row count are checked against this plan.
    public func check(_ shards: (parts: [PartialTopK], merged: [TopK]), files: [String], engine: BatchEngine,
                      plan: RankingPlan) throws -> (candidates: [[ScoredItem]], shards: Int) {
        let (parts, merged) = shards
        guard parts[0].campaignIDs == engine.columnIDs(plan), parts[0].k == plan.k, parts[0].totalRows == engine.store.rows else {
            throw ChainMatchError.badData(SourceLocation(file: files[0]), "campaign columns, k or row count differ from these inputs")
        }
        return (merged.map { $0.sorted() }, parts[0].shard.count)
    }

    /// The `.ptk` files among `items`: files as given, folders searched (hidden files skipped), sorted.
    public static func shardFiles(_ items: [String]) throws -> [String] {
        var files: [String] = []
        for item in items {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: item, isDirectory: &isDirectory) else {
                throw ChainMatchError.missingInput(path: item, "no such shard file or folder")
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: item).filter { $0.hasSuffix(".ptk") && !$0.hasPrefix(".") }.sorted()
                files += names.map { item + "/" + $0 }
            } else {
                files.append(item)
            }
        }
        return files
    }

    public struct Finished {
        public var path: String
        /// Leftovers of killed runs removed on the way.
        public var removedStale: [String]
        /// "against <previous>: …" or "no earlier run to compare with".
        public var comparison: String
        public var allocateSeconds: Double
        public var writeSeconds: Double
    }

    /// Allocates (quotas, caps, reasons; provinces together when the run coordinates them), writes the run
    /// with its timings and compares it with the previous run.
    public func finish(engine: BatchEngine, plan: RankingPlan, candidates: [[ScoredItem]], shards: Int = 1,
                       timings: [String: Double] = [:], log: (String) -> Void = { _ in }) throws -> Finished {
        let t0 = ResourceUsage.now()
        var plan = plan, lists: [RankedList], coordinated: (maxCampaigns: Int, reports: [ProvinceCoordination])?, rescored = 0
        if let coordination {
            let done = try engine.coordinated(plan: plan, candidates: candidates, maxCampaigns: coordination, language: language, log: log)
            (plan, lists, coordinated, rescored) = (done.plan, done.lists, (coordination, done.reports), done.rescored)
            log("coordinated \(done.reports.count) provinces: " + done.reports.map { "\($0.province) (\($0.lists.count) campaigns, \($0.conflicts.count) contested)" }.joined(separator: ", "))
        } else {
            lists = try engine.lists(plan: plan, candidates: candidates, language: language)
        }
        let allocate = ResourceUsage.now() - t0
        let t1 = ResourceUsage.now()
        let completed = try BatchRunWriter.write(
            lists: lists, inputs: inputs, plan: plan, rows: engine.store.rows, features: engine.store.columns,
            threads: threads, shards: shards, name: runName, root: out, holding: lock, workbooks: workbooks, language: language,
            coordination: coordinated
        ) {
            var t: [String: Any] = timings.mapValues { $0 as Any }
            if coordinated != nil { t["coordination_rescoring_passes"] = rescored }
            t["allocate_and_reasons_seconds"] = allocate
            t["write_seconds"] = ResourceUsage.now() - t1
            t["feature_store"] = engine.rebuildReason == nil ? "reused" : "rebuilt"
            t["feature_store_reason"] = engine.rebuildReason.map(\.description) ?? "built from the same inputs, checksums verified"
            t["peak_rss_bytes"] = ResourceUsage.peakResidentBytes()
            return t
        }
        let written = ResourceUsage.now() - t1
        var comparison = "no earlier run to compare with"
        if let previous = completed.previous {
            let lists = try BatchRunWriter.listsToCompare(old: RunStore(root: out).path(of: previous), new: completed.path)
            let diffs = try RunDiff.campaigns(old: lists.old, new: lists.new)
            comparison = "against \(previous): " + RunDiffWriter.summary(diffs)
        }
        return Finished(path: completed.path, removedStale: completed.removedStale, comparison: comparison,
                        allocateSeconds: allocate, writeSeconds: written)
    }
}
