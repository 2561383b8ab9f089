import Foundation

/// The backtest's ranking metrics (ROC-AUC, average precision) and the cross-check against listed firms.
extension RelatednessBacktest {
    /// Area under the ROC curve (Mann–Whitney, tied scores count one half); 0.5 when a class is empty.
    public static func rocAUC(_ items: [(score: Double, positive: Bool)]) -> Double {
        let sorted = items.sorted { $0.score < $1.score }
        let positives = sorted.filter(\.positive).count
        let negatives = sorted.count - positives
        guard positives > 0, negatives > 0 else { return 0.5 }
        var rankSum = 0.0
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count && sorted[j + 1].score == sorted[i].score { j += 1 }
            let midrank = Double(i + j) / 2 + 1
            for t in i...j where sorted[t].positive { rankSum += midrank }
            i = j + 1
        }
        return (rankSum - Double(positives) * Double(positives + 1) / 2) / (Double(positives) * Double(negatives))
    }

    /// Average precision: Σ over distinct score thresholds (high to low) of Δrecall × precision.
    public static func averagePrecision(_ items: [(score: Double, positive: Bool)]) -> Double {
        let sorted = items.sorted { $0.score > $1.score }
        let positives = sorted.filter(\.positive).count
        guard positives > 0 else { return 0 }
        var tp = 0, seen = 0, ap = 0.0
        var i = 0
        while i < sorted.count {
            var j = i
            var groupTP = 0
            while j < sorted.count && sorted[j].score == sorted[i].score {
                if sorted[j].positive { groupTP += 1 }
                j += 1
            }
            tp += groupTP
            seen = j
            if groupTP > 0 { ap += Double(groupTP) / Double(positives) * Double(tp) / Double(seen) }
            i = j
        }
        return ap
    }

    /// Cross-check with the independent listed-company signal: how well the catalogue's province
    /// density (learned proximity over the province's RCA ≥ 1 zone industries) ranks the province ×
    /// industry pairs where listed companies show RCA ≥ 1, among pairs the catalogue does not already
    /// mark present. Industries without any listed company are left out.
    public static func listedCrossCheck(catalogue: RelatednessMeasures, listed: PlaceIndustryMatrix) -> (pairs: Int, positives: Int, rocAUC: Double) {
        let listedPresence = listed.presence
        let columnHasListed = (0..<listed.counts.columns).map { i in (0..<listed.counts.rows).contains { listed.counts[$0, i] > 0 } }
        var items: [(score: Double, positive: Bool)] = []
        for (r, place) in listed.places.enumerated() {
            guard let c = catalogue.row(of: place) else { continue }
            for i in 0..<listed.counts.columns where columnHasListed[i] && catalogue.presence[c, i] == 0 {
                items.append((catalogue.density[c, i], listedPresence[r, i] > 0))
            }
        }
        return (items.count, items.filter(\.positive).count, rocAUC(items))
    }
}
