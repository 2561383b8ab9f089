import Foundation

/// Province coordination in a batch (省级统筹): the campaigns of every province with two or more are ranked
/// together from the scoring pass's top-k columns, exactly as `Recommender.coordinate` ranks them from all
/// eligible enterprises, the columns being checked deep enough by `CoordinationDepth` (and scored again
/// deeper when they are not).
extension BatchEngine {
    /// The campaigns of each province that has two or more, as indices into `campaigns`, by province name.
    public static func provinces(_ campaigns: [Campaign]) -> [(province: String, members: [Int])] {
        Dictionary(grouping: campaigns.indices, by: { campaigns[$0].province })
            .filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value.sorted()) }
    }

    /// The plan for a coordinated run: each coordinated campaign's columns start `N + ⌊ΣN′ / M⌋` deep, doubled
    /// (what the exchange argument needs when groups and categories do not thin the columns, with room).
    public func plan(coordinating maxCampaigns: Int?) throws -> RankingPlan {
        let plan = try plan()
        guard let maxCampaigns else { return plan }
        var depth = 0
        for (_, members) in Self.provinces(plan.campaigns) {
            let places = members.reduce(0) { $0 + plan.sizes[$1] }
            for c in members { depth = max(depth, 2 * (plan.sizes[c] + (places - plan.sizes[c]) / maxCampaigns)) }
        }
        return plan.deepened(to: depth)
    }

    /// A batch's lists with each province coordinated, and the provinces' reports.
    public struct Coordinated {
        /// Every campaign's list with reasons, in plan order: coordinated where its province has two or more.
        public var lists: [RankedList]
        public var reports: [ProvinceCoordination]
        /// The plan finally used (deeper than the one given when a column was too shallow).
        public var plan: RankingPlan
        /// Scoring passes made again with deeper columns.
        public var rescored: Int
    }

    /// Coordinates every province of the plan with two or more campaigns, each enterprise on at most
    /// `maxCampaigns` of its lists, from `candidates` (the pass's columns, best first); while a column is too
    /// shallow for the result to be exact, the store is scored again with twice the depth.
    public func coordinated(plan: RankingPlan, candidates: [[ScoredItem]], maxCampaigns: Int, language: Reasons.Language = .zh,
                            log: (String) -> Void = { _ in }) throws -> Coordinated {
        var plan = plan, candidates = candidates, rescored = 0
        let provinces = Self.provinces(plan.campaigns)
        while true {
            let rows = try rows(for: Set(candidates.joined().map(\.index)))
            let problems = provinces.map { _, members in problem(plan: plan, members: members, candidates: candidates, rows: rows) }
            let shallow = zip(provinces, problems).flatMap { province, p in
                CoordinationDepth.shallow(columns: p.columns, problem: p.problem, maxCampaigns: maxCampaigns).map { province.members[$0] }
            }
            if !shallow.isEmpty && plan.k < store.rows {
                let names = shallow.prefix(3).map { plan.campaigns[$0].id }.joined(separator: ", ")
                plan = plan.deepened(to: min(2 * plan.k, store.rows))
                log("coordination: columns of \(shallow.count) campaigns (\(names)) too shallow to be exact; scoring again \(plan.k) deep")
                candidates = try score(plan: plan).map { $0.sorted() }
                rescored += 1
                continue
            }
            let independent = context.lists(plan: plan, candidates: candidates, rows: rows)
            var lists = independent
            var solves: [Int] = []
            for ((_, members), p) in zip(provinces, problems) {
                let together = context.coordinatedLists(plan: plan, members: members, pools: p.pools, problem: p.problem,
                                                        rows: rows, maxCampaigns: maxCampaigns)
                for (i, c) in members.enumerated() { lists[c] = together.lists[i] }
                solves.append(together.solves)
            }
            // The independent lists are explained only where a report shows them.
            let shown = Set(provinces.flatMap(\.members))
            var alone = independent
            for c in alone.indices where !shown.contains(c) { alone[c].results = [] }
            let explainedAlone = context.explained(alone, plan: plan, rows: rows, language: language)
            let explained = context.explained(lists, plan: plan, rows: rows, language: language)
            let reports = zip(provinces, solves).map { province, solves in
                context.coordinationReport(independent: province.members.map { explainedAlone[$0] },
                                           coordinated: province.members.map { explained[$0] }, maxCampaigns: maxCampaigns, solves: solves)
            }
            return Coordinated(lists: explained, reports: reports, plan: plan, rescored: rescored)
        }
    }

    /// One province's pools (each campaign's columns merged, best first), allocation problem and columns.
    func problem(plan: RankingPlan, members: [Int], candidates: [[ScoredItem]],
                 rows: RankingRows) -> (pools: [[ScoredItem]], problem: [ProvinceAllocator.Campaign], columns: [[CoordinationDepth.Column]]) {
        let columnsOf = members.map { c in plan.columns.indices.filter { plan.columns[$0].campaign == c } }
        let pools = columnsOf.map { js -> [ScoredItem] in
            var seen = Set<Int>()
            return js.flatMap { candidates[$0] }.filter { seen.insert($0.index).inserted }.sorted(by: ScoredItem.ranksBefore)
        }
        let problem = context.coordinationProblem(plan: plan, members: members, pools: pools, rows: rows)
        let columns = zip(columnsOf, problem).map { js, campaign -> [CoordinationDepth.Column] in
            let byRow = Dictionary(uniqueKeysWithValues: campaign.candidates.map { ($0.enterprise, $0) })
            return js.map { j in
                CoordinationDepth.Column(quota: plan.columns[j].quota, items: candidates[j].map { byRow[$0.index]! },
                                         full: candidates[j].count >= plan.k)
            }
        }
        return (pools, problem, columns)
    }
}
