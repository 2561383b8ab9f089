import ChainMatch
import Foundation

/// Options shared by `batch` and `merge`: what to rank and where the run goes.
let batchInputOptions = [
    OptionSpec("--out", value: "DIR", help: "output folder: dated run folders, latest link, .cache/ (required)"),
    OptionSpec("--campaigns", value: "DIR", help: "folder of campaign JSON files (default: datasets/campaigns)"),
    OptionSpec("--enterprises", value: "PATH", help: "enterprises CSV to rank instead of datasets/enterprises.csv"),
    OptionSpec("--top", value: "N", help: "list size for every campaign (default: each campaign's own)"),
    OptionSpec("--store", value: "PATH", help: "feature store to reuse or rebuild (default: OUT/.cache/enterprises.store)"),
    OptionSpec("--date", value: "DATE", help: "run name: YYYY-MM-DD (that day, 00:00:00Z) or YYYY-MM-DDTHHMMSSZ (default: today, UTC)"),
    OptionSpec("--lang", value: "LANG", help: "language of the reasons: zh or en", defaultValue: "zh"),
    OptionSpec("--threads", value: "N", help: "threads for scoring", defaultValue: "2"),
]

struct BatchSetup {
    var out: String
    /// The output folder's run lock, taken before any work (nil for a shard, which writes no run).
    var lock: RunStore.Lock?
    var inputs: BatchInputs
    var storePath: String
    var runName: String
    var language: Reasons.Language
    var threads: Int
}

func batchSetup(_ args: ParsedArguments, _ context: CommandContext, writesRun: Bool = true) throws -> BatchSetup {
    guard let out = args.string("--out") else { throw ChainMatchError.usage("--out DIR is required") }
    let location = try context.dataLocation()
    let top = try args.int("--top", in: 1...100_000)
    let runName = try BatchRunWriter.runName(date: args.string("--date"))
    let language = Reasons.Language(rawValue: try args.choice("--lang", Reasons.Language.allCases.map(\.rawValue))!)!
    let threads = try args.int("--threads", in: 1...256)!
    // A run inside the data it ranks would change that data's digest and so its own inputs.
    let outPath = URL(fileURLWithPath: out).standardizedFileURL.resolvingSymlinksInPath().path
    for folder in [location.models, location.datasets] {
        let inside = URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath().path
        if outPath == inside || outPath.hasPrefix(inside + "/") {
            throw ChainMatchError.usage("--out \(out) is inside \(folder), whose files are the run's inputs; write runs elsewhere")
        }
    }
    // Before any work: the folder must be one we can write, and no other run may be writing it.
    let lock = writesRun ? try RunStore(root: out).lock() : nil
    let t0 = ResourceUsage.now()
    let inputs = try BatchInputs.load(location: location, campaignsFolder: args.string("--campaigns") ?? location.datasets + "/campaigns",
                                      enterprisesPath: args.string("--enterprises"), top: top)
    context.detail(String(format: "inputs: %d enterprises, %d campaigns, digest %@ (%.2f s)",
                          inputs.datasets.enterprises.count, inputs.campaigns.count, String(inputs.inputDigest.prefix(19)), ResourceUsage.now() - t0))
    if inputs.droppedExclusions > 0 {
        context.detail("\(inputs.droppedExclusions) campaign exclusions name enterprises not in \(args.string("--enterprises") ?? "the enterprise set"): dropped")
    }
    return BatchSetup(
        out: out, lock: lock, inputs: inputs, storePath: args.string("--store") ?? out + "/.cache/enterprises.store",
        runName: runName, language: language, threads: threads)
}

/// True when the run already exists with the same inputs (and `latest` has been repaired); throws
/// when it exists with other inputs.
func runAlreadyComplete(_ setup: BatchSetup, _ context: CommandContext) throws -> Bool {
    guard let existing = try BatchRunWriter.existingManifest(root: setup.out, name: setup.runName) else { return false }
    let path = RunStore(root: setup.out).path(of: setup.runName)
    guard existing.input_digest == setup.inputs.inputDigest else {
        throw ChainMatchError.cannotCreateOutput(path: path, "a run of this date exists with other inputs (\(existing.input_digest.prefix(19))…, now \(setup.inputs.inputDigest.prefix(19))…); runs are never overwritten: pass --date with a time, e.g. --date \(String(setup.runName.prefix(10)))T\(RunStore.runName(for: Date()).suffix(7))")
    }
    let removed = try RunStore(root: setup.out).repairLatest(holding: setup.lock)
    for name in removed { context.detail("removed a killed run's leftovers: \(name)") }
    context.note("run \(setup.runName) is already complete with the same inputs: nothing to do")
    print(path)
    return true
}

func openEngine(_ setup: BatchSetup, _ context: CommandContext) throws -> BatchEngine {
    let engine = try BatchEngine(inputs: setup.inputs, storePath: setup.storePath, log: context.detail)
    engine.threads = setup.threads
    context.detail(String(format: "feature store %@: %@ (%.2f s)", setup.storePath, engine.storeStatus, engine.storeSeconds))
    context.detail("kernel: \(BLAS.coreName), \(setup.threads) threads")
    return engine
}

/// Allocates, writes the run and prints the summary against the previous run.
func finishRun(_ setup: BatchSetup, _ engine: BatchEngine, _ plan: RankingPlan, candidates: [[ScoredItem]], shards: Int,
               timings: [String: Double], _ context: CommandContext) throws {
    let t0 = ResourceUsage.now()
    let lists = try engine.lists(plan: plan, candidates: candidates, language: setup.language)
    let allocate = ResourceUsage.now() - t0
    let t1 = ResourceUsage.now()
    let completed = try BatchRunWriter.write(
        lists: lists, inputs: setup.inputs, plan: plan, rows: engine.store.rows, features: engine.store.columns,
        threads: setup.threads, shards: shards, name: setup.runName, root: setup.out, holding: setup.lock
    ) {
        var t: [String: Any] = timings.mapValues { $0 as Any }
        t["allocate_and_reasons_seconds"] = allocate
        t["write_seconds"] = ResourceUsage.now() - t1
        t["feature_store"] = engine.rebuildReason == nil ? "reused" : "rebuilt"
        t["feature_store_reason"] = engine.rebuildReason.map(\.description) ?? "built from the same inputs, checksums verified"
        t["peak_rss_bytes"] = ResourceUsage.peakResidentBytes()
        return t
    }
    for name in completed.removedStale { context.note("removed a killed run's leftovers: \(name)") }
    print(completed.path)
    if let previous = completed.previous {
        let store = RunStore(root: setup.out)
        let diffs = try RunDiff.campaigns(old: BatchRunWriter.readLists(run: store.path(of: previous)),
                                          new: BatchRunWriter.readLists(run: completed.path))
        print("against \(previous): " + DiffSummary.line(diffs))
    } else {
        print("no earlier run to compare with")
    }
    context.detail(String(format: "allocation and reasons %.2f s, written in %.2f s", allocate, ResourceUsage.now() - t1))
}

let batchCommand = Command(
    name: "batch",
    summary: "rank every campaign in one pass and write a dated run (nightly batch)",
    discussion: """
    Scores every enterprise once for all campaigns (one streamed GEMM pass over the feature store), applies
    each campaign's quotas, group caps and reasons exactly as 'rank' does, and writes OUT/<date>/ with each
    campaign's CSV and JSON, manifest.json and timings.json; OUT/latest then points at it. A failed or killed
    run leaves earlier runs and latest untouched; rerunning with the same inputs and date completes it.
    With --shard i/n (or auto on a Kubernetes indexed Job or Slurm array) it scores one slice of the
    enterprises and writes OUT/part-i-of-n.ptk for 'chainmatch merge'.
    """,
    options: batchInputOptions + [
        OptionSpec("--shard", value: "i/n|auto", help: "score one shard and write a partial result instead of a run"),
    ]
) { args, context in
    let shard = try args.string("--shard").map { try ShardSpec.parse($0) }
    let setup = try batchSetup(args, context, writesRun: shard == nil)
    if shard == nil, try runAlreadyComplete(setup, context) { return 0 }
    let engine = try openEngine(setup, context)
    let plan = try engine.plan()
    let range = (shard ?? .whole).rowRange(totalRows: engine.store.rows)
    let progress = ProgressReporter(label: "scoring", total: range.count, unit: "rows", quiet: context.quiet)
    let t0 = ResourceUsage.now()
    let tops = try engine.score(plan: plan, shard: shard ?? .whole) { done, _ in progress.update(done) }
    progress.finish()
    let scoring = ResourceUsage.now() - t0
    context.detail(String(format: "scored %d rows × %d columns in %.2f s", range.count, plan.columns.count, scoring))
    if let shard {
        let part = try PartialTopK(inputDigest: setup.inputs.inputDigest, campaignIDs: engine.columnIDs(plan), k: plan.k,
                                   shard: shard, totalRows: engine.store.rows, tops: tops)
        try Folders.create(setup.out)
        let path = setup.out + "/part-\(shard.index)-of-\(shard.count).ptk"
        try part.write(to: path)
        print(path)
        return 0
    }
    try finishRun(setup, engine, plan, candidates: tops.map { $0.sorted() }, shards: 1,
                  timings: ["store_seconds": engine.storeSeconds, "scoring_seconds": scoring], context)
    return 0
}

let mergeCommand = Command(
    name: "merge",
    summary: "merge the partial results of 'batch --shard' into one run",
    positionals: "SHARD_FILE_OR_DIR...",
    discussion: """
    Reads every part-*.ptk given (or found in the folders given), checks that they come from the same inputs
    and cover every shard once, and writes the run exactly as an unsharded 'batch' with the same options would.
    Give the same --campaigns, --enterprises, --top and --date as the shards.
    """,
    options: batchInputOptions
) { args, context in
    guard !args.positionals.isEmpty else { throw ChainMatchError.usage("merge needs the shard files or folders to merge") }
    var files: [String] = []
    for item in args.positionals {
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
    let setup = try batchSetup(args, context)
    if try runAlreadyComplete(setup, context) { return 0 }
    let parts = try files.map { try PartialTopK.read(from: $0) }
    for (file, part) in zip(files, parts) where part.inputDigest != setup.inputs.inputDigest {
        throw ChainMatchError.badData(SourceLocation(file: file), "scored other inputs (\(part.inputDigest.prefix(19))…) than these (\(setup.inputs.inputDigest.prefix(19))…): give merge the same --campaigns, --enterprises and --top as the shards")
    }
    let merged = try PartialTopK.merge(parts, names: files)
    let engine = try openEngine(setup, context)
    let plan = try engine.plan()
    guard parts[0].campaignIDs == engine.columnIDs(plan), parts[0].k == plan.k, parts[0].totalRows == engine.store.rows else {
        throw ChainMatchError.badData(SourceLocation(file: files[0]), "campaign columns, k or row count differ from these inputs")
    }
    context.detail("merged \(parts.count) shards of \(parts[0].shard.count)")
    try finishRun(setup, engine, plan, candidates: merged.map { $0.sorted() }, shards: parts[0].shard.count,
                  timings: ["store_seconds": engine.storeSeconds], context)
    return 0
}
