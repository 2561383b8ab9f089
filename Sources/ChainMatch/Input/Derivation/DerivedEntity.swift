import Foundation

extension EnterprisesDerivation {
    struct RevenueCandidate { var priority: Int; var source: String; var year: String; var value: Double; var estimate: Bool }

    final class Entity {
        var stockCode: String?          // A-share ts_code or "02600.HK"
        var isAShare = false
        var sasacOrder: Int?
        var legalName: String?          // best full legal name so far
        var legalNamePriority = 99
        var shortName: String?
        var nameEn: String?
        var province: String?
        var provincePriority = 99
        var city: String?
        var country: String?
        var listedIndustry: String?
        var global500Industry: String?
        var lists: Enterprise.Lists = []
        var actEntType = ""
        var actName = ""
        var parentSASAC: Int?
        var parentID: String?
        var revenues: [RevenueCandidate] = []
        var marketValue: Double?
        var g500Rank: Int?, c500Rank: Int?, p500Rank: Int?, p500Rank2025: Int?
        var notes = Set<String>()
        var listedFacts: ListedEvidenceDerivation.Facts?
        var isForeignG500 = false
        var provinceClaims: [String: Set<String>] = [:]   // province → sources claiming it
        var id = ""
        var recordNames: [String] = []          // legal names seen in list records and SASAC/subsidiary files
        var recordLists: [String: String] = [:] // list → record name joined to this entity

        /// Names are kept as the source writes them, with full-width ASCII and brackets folded to half-width
        /// and surrounding space trimmed, so one company reads the same whichever list named it.
        func setName(_ name: String, priority: Int) {
            let display = Derive.halfWidth(name).trimmingCharacters(in: .whitespacesAndNewlines)
            if priority < legalNamePriority { legalName = display; legalNamePriority = priority }
        }
        /// Sets province, city and country together from the source with the best (lowest) priority;
        /// every source's province claim is kept to report disagreements.
        func setPlace(province p: String?, city c: String?, country: String?, priority: Int, source: String) {
            if let p { provinceClaims[p, default: []].insert(source) }
            else if let country, country != "中国" { provinceClaims[country, default: []].insert(source) }
            guard p != nil || (country != nil && country != "中国"), priority < provincePriority else { return }
            province = p; provincePriority = priority
            city = c
            if let country { self.country = country }
        }
    }
}
