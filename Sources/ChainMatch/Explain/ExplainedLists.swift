/// Ranked lists with each enterprise's reasons (推荐理由): the scoring step's lists, explained.
///
/// ```swift
/// let lists = context.explainedLists(plan: plan, candidates: heaps.map { $0.sorted() }, rows: rows, language: .zh)
/// lists[0].results[0].reasons   // ["产业链：属于「锂电」产业链…", …]
/// ```
extension RankingContext {
    public func explainedLists(plan: RankingPlan, candidates: [[ScoredItem]], rows: RankingRows,
                               language: Reasons.Language = .zh) -> [RankedList] {
        explained(lists(plan: plan, candidates: candidates, rows: rows), plan: plan, rows: rows, language: language)
    }

    /// The same lists with each enterprise's reasons filled in; list `c` belongs to the plan's campaign `c`.
    public func explained(_ lists: [RankedList], plan: RankingPlan, rows: RankingRows, language: Reasons.Language = .zh) -> [RankedList] {
        // Each campaign's sentences depend on it alone, so a batch's campaigns are explained on all cores.
        Parallel.map(Array(lists.indices), grain: 16) { c in
            var list = lists[c]
            let campaign = list.campaign
            let reasons = Reasons(models: models, campaign: campaign, layout: layout, endowment: endowment,
                                  chainParts: plan.encoded.chainParts[c], encoding: rows.encoding,
                                  parkName: campaign.parkID.flatMap { parksByID[$0]?.name }, relatedness: relatedness)
            for i in list.results.indices {
                list.results[i].reasons = reasons.sentences(for: list.results[i], language: language)
            }
            return list
        }
    }
}
