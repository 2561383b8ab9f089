import Foundation

/// How often the bundled campaigns' target lists name enterprises that make, supply or buy the
/// wanted nodes' products, judged by evidence the scorer did not use in that run.
///
/// ```swift
/// let evaluation = try ListEvaluation.run(location: DataLocation.resolve())
/// for row in evaluation.rows where row.goldSource == .reviewed { print(row.campaign, row.pAt30) }
/// ```
///
/// Three gold sources, each with its own scorer:
/// - `concept`: the scorer leaves concept boards out; gold = enterprises whose concept boards map
///   (exact or partial) to a relevant node. Only enterprises with at least one concept board are judged.
/// - `shenwan`: the scorer leaves the Shenwan industry out; gold = enterprises whose Shenwan industry
///   maps (exact or partial) to a relevant node. Only enterprises with a Shenwan industry are judged.
/// - `reviewed`: the full scorer against reviewed judgements (a basis for every name): the gold list
///   per campaign written blind (`datasets/gold_lists.csv`), plus a pool of names judged blind — shuffled,
///   without rank or source — as on or off theme (`datasets/gold_judged.csv`). Gold = the list and the
///   pool's yes; judged = gold and the pool's no; an enterprise neither lists is unjudged.
///
/// The relevant nodes of a campaign are its target nodes, and for an extend (延链) target also that
/// node's direct suppliers and customers (upstream and downstream links in the taxonomy), which is
/// what extending asks for. precision@k = gold among the top k ÷ judged among the top k;
/// recall@30 = gold among the top 30 ÷ min(30, gold size).
public struct ListEvaluation: Sendable {
    public enum GoldSource: String, Sendable, CaseIterable, Codable {
        case concept, shenwan, reviewed
        /// The evidence the scorer must not use when this source judges.
        public var excluded: Set<PlacementModel.Source> {
            switch self {
            case .concept: return [.concept]
            case .shenwan: return [.shenwan]
            case .reviewed: return []
            }
        }
    }

    public struct Row: Sendable, Codable, Equatable {
        public var campaign: String
        public var goldSource: GoldSource
        public var pAt10: Double
        public var pAt30: Double
        public var recallAt30: Double
        public var goldSize: Int
        public var judgedAt30: Int
        public var hitsAt30: Int
        /// The ids of the top 30 that the gold source judges and does not hold.
        public var misses: [String]

        enum CodingKeys: String, CodingKey {
            case campaign, goldSource = "gold_source", pAt10 = "p_at_10", pAt30 = "p_at_30", recallAt30 = "recall_at_30"
            case goldSize = "gold_size", judgedAt30 = "judged_at_30", hitsAt30 = "hits_at_30", misses
        }
    }

    public var rows: [Row]

    /// The reviewed gold list file inside `datasets/`.
    public static let reviewedFile = "gold_lists.csv"
    /// The pooled relevance judgements inside `datasets/`.
    public static let judgedFile = "gold_judged.csv"

    /// Runs the gold sources over every bundled campaign: each source against a scorer that leaves its
    /// evidence out, or — with `listsFolder` — against lists made elsewhere: `<campaign id>.csv` files
    /// with an `enterprise_id` column in rank order, as `rank --format csv` and a batch run write them
    /// (an earlier version's lists, say; the evidence sources then assume that scorer did not use them).
    public static func run(location: DataLocation, sources: [GoldSource] = GoldSource.allCases, listsFolder: String? = nil) throws -> ListEvaluation {
        let datasets = try Datasets.load(from: location)
        let models = try ModelReader.load(from: location)
        let reviewed = try readReviewed(path: location.datasets + "/" + reviewedFile, enterprises: datasets.enterprises)
        let judged = try readJudged(path: location.datasets + "/" + judgedFile, enterprises: datasets.enterprises)
        let byID = Dictionary(datasets.enterprises.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var rows: [Row] = []
        for source in sources {
            let engine = try Recommender(location: location, datasets: datasets, models: models,
                                         excluding: listsFolder == nil ? source.excluded : [])
            let campaigns = try engine.bundledCampaigns()
            let rankings: [[Enterprise]]
            if let listsFolder {
                rankings = try campaigns.map { try readList(path: listsFolder + "/" + $0.id + ".csv", enterprises: byID) }
            } else {
                rankings = try engine.rank(campaigns, top: 30).map { $0.results.map(\.enterprise) }
            }
            for (campaign, ranked) in zip(campaigns, rankings) {
                let relevant = relevantNodes(campaign, models.taxonomy)
                let judge: (Enterprise) -> Bool?
                var goldSize: Int
                switch source {
                case .reviewed:
                    let pool = judged[campaign.id] ?? [:]
                    let gold = (reviewed[campaign.id] ?? []).union(pool.filter(\.value).keys)
                    judge = { e in gold.contains(e.id) ? true : pool[e.id] }
                    goldSize = gold.count
                case .concept, .shenwan:
                    judge = { e in judgeByEvidence(e, source, relevant, models.placement) }
                    goldSize = datasets.enterprises.filter { judge($0) == true }.count
                }
                rows.append(score(campaign: campaign.id, source: source, ranked: Array(ranked.prefix(30)), judge: judge, goldSize: goldSize))
            }
        }
        return ListEvaluation(rows: rows)
    }

    /// The enterprises of a ranked-list CSV, in its order; every id must be an enterprise.
    static func readList(path: String, enterprises: [String: Enterprise]) throws -> [Enterprise] {
        let table = try CSVReader.read(path: path)
        let column = try table.column("enterprise_id")
        return try table.rows.enumerated().map { i, row in
            guard let e = enterprises[row[column]] else {
                throw ChainMatchError.unknownReference(table.location(row: i, column: column), kind: "enterprise", id: row[column])
            }
            return e
        }
    }

    /// The nodes a campaign wants: its target nodes, and for an extend (延链) target also the node's
    /// direct suppliers and customers.
    public static func relevantNodes(_ campaign: Campaign, _ taxonomy: ChainTaxonomy) -> Set<String> {
        var nodes = Set<String>()
        for t in campaign.targets {
            for n in t.nodes {
                nodes.insert(n)
                if t.gap == .extend {
                    nodes.formUnion(taxonomy.upstream(of: n))
                    nodes.formUnion(taxonomy.downstream(of: n))
                }
            }
        }
        return nodes
    }

    /// Whether an enterprise's evidence of one kind places it (exact or partial) on a relevant node;
    /// nil when the enterprise has no evidence of that kind (it cannot be judged).
    static func judgeByEvidence(_ e: Enterprise, _ source: GoldSource, _ relevant: Set<String>, _ placement: PlacementModel) -> Bool? {
        let rules: [PlacementModel.Rule]
        switch source {
        case .concept:
            guard !e.concepts.isEmpty else { return nil }
            rules = e.concepts.flatMap { placement.concepts[$0] ?? [] }
        case .shenwan:
            guard let code = e.shenwanL3Code else { return nil }
            rules = placement.shenwan[code] ?? []
        case .reviewed:
            return nil
        }
        return rules.contains { $0.specificity != .broad && relevant.contains($0.node) }
    }

    static func score(campaign: String, source: GoldSource, ranked: [Enterprise], judge: (Enterprise) -> Bool?, goldSize: Int) -> Row {
        func precision(_ k: Int) -> (hits: Int, judged: Int) {
            var hits = 0, judged = 0
            for e in ranked.prefix(k) {
                guard let verdict = judge(e) else { continue }
                judged += 1
                if verdict { hits += 1 }
            }
            return (hits, judged)
        }
        let p10 = precision(10), p30 = precision(30)
        let misses = ranked.prefix(30).filter { judge($0) == false }.map(\.id)
        return Row(campaign: campaign, goldSource: source,
                   pAt10: p10.judged == 0 ? 0 : Double(p10.hits) / Double(p10.judged),
                   pAt30: p30.judged == 0 ? 0 : Double(p30.hits) / Double(p30.judged),
                   recallAt30: goldSize == 0 ? 0 : Double(p30.hits) / Double(min(30, goldSize)),
                   goldSize: goldSize, judgedAt30: p30.judged, hitsAt30: p30.hits, misses: misses)
    }

    /// Reads `datasets/gold_lists.csv`: campaign → enterprise ids. Every id must be an enterprise.
    public static func readReviewed(path: String, enterprises: [Enterprise]) throws -> [String: Set<String>] {
        let table = try CSVReader.read(path: path)
        let c = (campaign: try table.column("campaign"), id: try table.column("enterprise_id"), name: try table.column("name"),
                 basis: try table.column("basis"))
        let byID = Dictionary(enterprises.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var gold: [String: Set<String>] = [:]
        for (i, row) in table.rows.enumerated() {
            let id = row[c.id]
            guard let e = byID[id] else { throw ChainMatchError.unknownReference(table.location(row: i, column: c.id), kind: "enterprise", id: id) }
            guard e.name == row[c.name] else { throw ChainMatchError.badData(table.location(row: i, column: c.name), "\(id) is '\(e.name)', not '\(row[c.name])'") }
            guard !row[c.basis].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ChainMatchError.badData(table.location(row: i, column: c.basis), "every gold enterprise needs a basis")
            }
            guard gold[row[c.campaign], default: []].insert(id).inserted else {
                throw ChainMatchError.badData(table.location(row: i, column: c.id), "\(id) is listed twice for \(row[c.campaign])")
            }
        }
        return gold
    }

    /// Reads `datasets/gold_judged.csv`: campaign → enterprise id → on theme. Every id must be an
    /// enterprise, every verdict yes or no, every row carry a basis.
    public static func readJudged(path: String, enterprises: [Enterprise]) throws -> [String: [String: Bool]] {
        let table = try CSVReader.read(path: path)
        let c = (campaign: try table.column("campaign"), id: try table.column("enterprise_id"), name: try table.column("name"),
                 verdict: try table.column("on_theme"), basis: try table.column("basis"))
        let byID = Dictionary(enterprises.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var judged: [String: [String: Bool]] = [:]
        for (i, row) in table.rows.enumerated() {
            let id = row[c.id]
            guard let e = byID[id] else { throw ChainMatchError.unknownReference(table.location(row: i, column: c.id), kind: "enterprise", id: id) }
            guard e.name == row[c.name] else { throw ChainMatchError.badData(table.location(row: i, column: c.name), "\(id) is '\(e.name)', not '\(row[c.name])'") }
            guard row[c.verdict] == "yes" || row[c.verdict] == "no" else {
                throw ChainMatchError.badData(table.location(row: i, column: c.verdict), "on_theme is yes or no, got '\(row[c.verdict])'")
            }
            guard !row[c.basis].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ChainMatchError.badData(table.location(row: i, column: c.basis), "every judgement needs a basis")
            }
            guard judged[row[c.campaign], default: [:]].updateValue(row[c.verdict] == "yes", forKey: id) == nil else {
                throw ChainMatchError.badData(table.location(row: i, column: c.id), "\(id) is judged twice for \(row[c.campaign])")
            }
        }
        return judged
    }

    /// A table for people: one line per campaign and source.
    public func text() -> String {
        var out = "campaign                                  gold      P@10   P@30   R@30   gold  judged@30\n"
        for r in rows {
            out += r.campaign.padding(toLength: 42, withPad: " ", startingAt: 0)
                + r.goldSource.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                + String(format: "%5.2f  %5.2f  %5.2f  %5d  %9d\n", r.pAt10, r.pAt30, r.recallAt30, r.goldSize, r.judgedAt30)
        }
        for source in GoldSource.allCases {
            let of = rows.filter { $0.goldSource == source }
            guard !of.isEmpty else { continue }
            let mean = { (f: (Row) -> Double) in of.map(f).reduce(0, +) / Double(of.count) }
            out += String(format: "mean %-8@ P@10 %.2f  P@30 %.2f  R@30 %.2f  (campaigns with P@30 ≥ 0.8: %d of %d)\n",
                          source.rawValue as NSString, mean(\.pAt10), mean(\.pAt30), mean(\.recallAt30),
                          of.filter { $0.pAt30 >= 0.8 }.count, of.count)
        }
        return out
    }

    /// JSON for programs: an array of rows.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(rows)
    }
}
