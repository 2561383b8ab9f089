import Foundation

/// `chainmatch learn`: reads a pipeline's outcomes, learns a profile's block weights, and writes the
/// learned profile only when it ranks held-out targets better than the current one.
///
/// ```swift
/// let run = try OutcomeLearning.run(.init(pipeline: "pipeline.csv"), location: DataLocation.resolve())
/// print(run.report)
/// run.written   // models/profiles/learned-resource-led.json, or nil when the learned weights did not win
/// ```
///
/// Each row's campaign is looked up among the bundled campaigns (`datasets/campaigns/`), which name their
/// profile; the rows learned from are those of campaigns on `profile` (by default the one profile all the
/// rows' campaigns name). Each campaign's block points (`CampaignEncoder.blockPoints`) turn its scores on
/// record back into raw block scores for `ProfileLearner`. The learned profile is named `learned-<profile>`
/// (a profile already called `learned-…` keeps its name) or after `out`'s file name, since a profile's name
/// is its file name; it is written atomically, so a run that fails or does not win leaves any file there as it was.
public enum OutcomeLearning {
    public struct Options: Sendable {
        public var pipeline: String
        public var profile: String?
        public var folds = 5
        public var seed: UInt64 = 1
        /// Default: `models/profiles/<name>.json` of the data location.
        public var out: String?
        /// `YYYY-MM-DD` for the provenance; default today (UTC).
        public var date: String?
        /// Only targets contacted at least this many days before the pipeline's last date are learned
        /// from: younger ones have not had time to sign, and counting them as failures flattens the
        /// effect of the blocks that matter most for the best targets.
        public var matureDays = 365

        public init(pipeline: String, profile: String? = nil, folds: Int = 5, seed: UInt64 = 1, out: String? = nil, date: String? = nil) {
            self.pipeline = pipeline
            self.profile = profile
            self.folds = folds
            self.seed = seed
            self.out = out
            self.date = date
        }
    }

    public struct Run: Sendable {
        public var fit: ProfileFit
        public var current: WeightProfile
        public var learned: WeightProfile
        /// Rows learned from, per campaign.
        public var campaigns: [String: Int]
        /// Rows of the file left out because their campaign is on another profile.
        public var leftOut: Int
        /// Where the learned profile goes, and whether it was written there.
        public var path: String
        public var written: Bool
        /// The side-by-side table and the verdict, for people.
        public var report: String
    }

    public static func run(_ options: Options, location: DataLocation) throws -> Run {
        let date = String(try BatchRunWriter.runName(date: options.date).prefix(10))
        let models = try ModelReader.load(from: location)
        let parks = try DatasetReader.parks(try CSVReader.read(path: location.datasets + "/parks.csv"))
        let bundled = try CampaignReader.readAll(folder: location.datasets + "/campaigns", models: models,
                                                 parks: Dictionary(parks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
        let campaigns = Dictionary(bundled.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // One read: the digest on record is of the very bytes learned from.
        guard let pipeline = FileContents.contents(options.pipeline) else {
            throw ChainMatchError.missingInput(path: options.pipeline, FileManager.default.fileExists(atPath: options.pipeline) ? "cannot read" : "no such file")
        }
        let (outcomes, young) = try self.outcomes(PipelineReader.parse(pipeline, path: options.pipeline, campaigns: Set(campaigns.keys)),
                                                  matureDays: options.matureDays)
        let current = try profile(options.profile, outcomes: outcomes, campaigns: campaigns, models: models)
        let path = options.out ?? location.models + "/" + ModelReader.profilesFolder + "/"
            + (current.name.hasPrefix("learned-") ? current.name : "learned-" + current.name) + ".json"
        guard path.hasSuffix(".json") else { throw ChainMatchError.usage("--out must name a .json file (a profile's name is its file name), got '\(path)'") }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent

        let rows = outcomes.filter { campaigns[$0.campaign]!.profile == current.name }
        var points: [String: [Double]] = [:], counts: [String: Int] = [:]
        for o in rows {
            points[o.campaign] = CampaignEncoder.blockPoints(campaigns[o.campaign]!, profile: current)
            counts[o.campaign, default: 0] += 1
        }
        let fit = try ProfileLearner(folds: options.folds, seed: options.seed).fit(rows, recordWeights: points)
        var inputs = [input(options.pipeline, pipeline, root: location.root)]
        for file in [location.models + "/" + ModelReader.profilesFolder + "/" + current.name + ".json"] + counts.keys.sorted().map({ campaigns[$0]!.source }) {
            guard let data = FileContents.contents(file) else { throw ChainMatchError.missingInput(path: file, "cannot read") }
            inputs.append(input(file, data, root: location.root))
        }
        let learned = fit.profile(basedOn: current, name: name, date: date, inputs: inputs)

        var report = LearningReport.table(fit, current: current, campaigns: counts)
        if outcomes.count > rows.count { report += "\(outcomes.count - rows.count) rows of campaigns on other profiles left out\n" }
        if young > 0 { report += "\(young) targets contacted less than \(options.matureDays) days before the pipeline's last date left out (too young to have signed)\n" }
        if fit.beatsCurrent {
            try AtomicFile.write(try ProfileWriter.json(learned), to: path)
            report += String(format: "\nwrote %@: held-out AUC %.4f against %.4f with %@'s weights\n", path, fit.learned.mean, fit.current.mean, current.name)
        } else {
            report += String(format: "\nnot written: the learned weights do not beat %@ on held-out AUC (%.4f against %.4f)\n",
                             current.name, fit.learned.mean, fit.current.mean)
        }
        return Run(fit: fit, current: current, learned: learned, campaigns: counts, leftOut: outcomes.count - rows.count,
                   path: path, written: fit.beatsCurrent, report: report)
    }

    /// The file's targets as outcomes (stage as of the file's last date), leaving out those contacted less
    /// than `matureDays` before it; every row needs its four block scores on record.
    static func outcomes(_ file: PipelineFile, matureDays: Int) throws -> (outcomes: [TargetOutcome], young: Int) {
        guard let last = file.lastDate else { return ([], 0) }
        let cutoff = last.adding(days: -matureDays)
        var outcomes: [TargetOutcome] = [], young = 0
        for e in file.entries {
            let scores = e.scores.values.compactMap { $0 }
            guard scores.count == 4 else {
                throw ChainMatchError.badData(SourceLocation(file: file.path, line: e.line, field: "score_chain"),
                                              "learning needs the four block scores on record (score_chain, score_endowment, score_relatedness, score_profile)")
            }
            guard let contacted = e.date(.contacted), contacted <= cutoff else { young += 1; continue }
            outcomes.append(TargetOutcome(campaign: e.campaignID, enterprise: e.enterpriseID,
                                          stage: TargetOutcome.Stage(rawValue: e.stage.rawValue)!, scores: scores))
        }
        return (outcomes, young)
    }

    /// The profile to learn: the one named, or the one every row's campaign names.
    static func profile(_ named: String?, outcomes: [TargetOutcome], campaigns: [String: Campaign], models: ModelSet) throws -> WeightProfile {
        var used: [String: Int] = [:]
        for o in outcomes { used[campaigns[o.campaign]!.profile, default: 0] += 1 }
        let summary = used.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value) rows)" }.joined(separator: ", ")
        if let named {
            guard let p = models.profile(named) else {
                throw ChainMatchError.usage("no profile '\(named)' in models/profiles (have: \(models.profiles.map(\.name).joined(separator: ", ")))")
            }
            guard used[named] != nil else { throw ChainMatchError.usage("no row's campaign uses profile '\(named)'; the rows' campaigns use \(summary)") }
            return p
        }
        guard used.count == 1, let only = used.keys.first, let p = models.profile(only) else {
            throw ChainMatchError.usage("the rows' campaigns use several profiles — \(summary); choose one with --profile NAME")
        }
        return p
    }

    /// An input's path (relative to the data root when inside it), size and SHA-256.
    static func input(_ path: String, _ data: Data, root: String) -> ProfileProvenance.Input {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let shown = absolute.hasPrefix(root + "/") ? String(absolute.dropFirst(root.count + 1)) : path
        return ProfileProvenance.Input(path: shown, bytes: data.count, sha256: SHA256.digest(data).hex)
    }
}
