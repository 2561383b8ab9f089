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
    OptionSpec("--coordinate", help: "rank each province's campaigns together (as 'chainmatch coordinate'), with its report in the run"),
    OptionSpec("--max-campaigns", value: "M", help: "with --coordinate: lists of one province an enterprise may join (default 1)"),
    OptionSpec("--xlsx", help: "also write each list as a workbook, <campaign-id>.xlsx (sheets 名单 and 理由), named in the manifest with its SHA-256"),
]

/// The run's options from the command line, for `BatchRun.prepare`.
func batchRun(_ args: ParsedArguments, _ context: CommandContext, writesRun: Bool = true) throws -> BatchRun {
    guard let out = args.string("--out") else { throw ChainMatchError.usage("--out DIR is required") }
    var o = BatchRun.Options(out: out, location: try context.dataLocation())
    o.campaignsFolder = args.string("--campaigns")
    o.enterprisesPath = args.string("--enterprises")
    o.top = try args.int("--top", in: 1...100_000)
    o.date = args.string("--date")
    o.language = Reasons.Language(rawValue: try args.choice("--lang", Reasons.Language.allCases.map(\.rawValue))!)!
    o.threads = try args.int("--threads", in: 1...256)!
    o.storePath = args.string("--store")
    o.writesRun = writesRun
    o.workbooks = args.flag("--xlsx")
    let maxCampaigns = try args.int("--max-campaigns", in: 1...100)
    if maxCampaigns != nil && !args.flag("--coordinate") { throw ChainMatchError.usage("--max-campaigns applies to --coordinate; add --coordinate") }
    o.coordination = args.flag("--coordinate") ? maxCampaigns ?? 1 : nil
    if o.workbooks && !writesRun {
        throw ChainMatchError.usage("--xlsx writes workbooks into the run: give it to 'chainmatch merge', not to a shard")
    }
    return try BatchRun.prepare(o, log: context.detail)
}

/// True (having said so) when the run already exists with the same inputs.
func alreadyComplete(_ run: BatchRun, _ context: CommandContext) throws -> Bool {
    guard let path = try run.completedRun(log: context.detail) else { return false }
    context.note("run \(run.runName) is already complete with the same inputs: nothing to do")
    print(path)
    return true
}

/// Finishes the run and prints where it is and what changed since the previous one.
func finish(_ run: BatchRun, _ engine: BatchEngine, _ plan: RankingPlan, candidates: [[ScoredItem]], shards: Int,
            timings: [String: Double], _ context: CommandContext) throws {
    let done = try run.finish(engine: engine, plan: plan, candidates: candidates, shards: shards, timings: timings, log: context.detail)
    for name in done.removedStale { context.note("removed a killed run's leftovers: \(name)") }
    print(done.path)
    print(done.comparison)
    context.detail(String(format: "allocation and reasons %.2f s, written in %.2f s", done.allocateSeconds, done.writeSeconds))
}

let batchCommand = Command(
    name: "batch",
    summary: "rank every campaign in one pass and write a dated run (nightly batch)",
    discussion: """
    Scores every enterprise once for all campaigns (one streamed GEMM pass over the feature store), applies
    each campaign's quotas, group caps and reasons exactly as 'rank' does, and writes OUT/<date>/ with each
    campaign's CSV and JSON (with --xlsx a workbook too), manifest.json and timings.json; OUT/latest then
    points at it. A failed or killed
    run leaves earlier runs and latest untouched; rerunning with the same inputs and date completes it.
    With --coordinate every province with two or more campaigns is ranked together exactly as 'chainmatch
    coordinate' ranks it (each enterprise on at most --max-campaigns of its lists, every campaign keeping its
    quotas, cap and size, the total maximal), and coordination-<province>.txt/.csv/.json/.html (with --xlsx,
    .xlsx too) go into the run beside the lists. The pass keeps each column deep enough for that to be exact
    and scores again, deeper, when a province's groups or quotas need more (said with --verbose).
    With --shard i/n (or auto on a Kubernetes indexed Job or Slurm array) it scores one slice of the
    enterprises and writes OUT/part-i-of-n.ptk for 'chainmatch merge'.
    """,
    options: batchInputOptions + [
        OptionSpec("--shard", value: "i/n|auto", help: "score one shard and write a partial result instead of a run"),
    ]
) { args, context in
    let shard = try args.string("--shard").map { try ShardSpec.parse($0) }
    let setup = try batchRun(args, context, writesRun: shard == nil)
    if shard == nil, try alreadyComplete(setup, context) { return 0 }
    let engine = try setup.openEngine(log: context.detail)
    let detail = context.detail
    engine.seedReport = { floors, again in detail("threshold floors from a sample for \(floors) columns; \(again) scored again without one") }
    let plan = try engine.plan(coordinating: setup.coordination)
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
    try finish(setup, engine, plan, candidates: tops.map { $0.sorted() }, shards: 1,
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
    let files = try BatchRun.shardFiles(args.positionals)
    let setup = try batchRun(args, context)
    if try alreadyComplete(setup, context) { return 0 }
    let shards = try setup.readShards(files)
    let engine = try setup.openEngine(log: context.detail)
    let detail = context.detail
    engine.seedReport = { floors, again in detail("threshold floors from a sample for \(floors) columns; \(again) scored again without one") }
    let plan = try engine.plan(coordinating: setup.coordination)
    let merged = try setup.check(shards, files: files, engine: engine, plan: plan)
    context.detail("merged \(files.count) shards of \(merged.shards)")
    try finish(setup, engine, plan, candidates: merged.candidates, shards: merged.shards,
               timings: ["store_seconds": engine.storeSeconds], context)
    return 0
}
