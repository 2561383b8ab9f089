import Foundation

extension EnterprisesDerivation.Assembly {
    /// Ids, parents and ownership, then one row per enterprise in `EnterprisesDerivation.header` order, by id.
    func rows() throws -> [[String]] {
        var ids: [String: Entity] = [:]
        for e in entities {
            if let code = e.stockCode {
                e.id = code.hasSuffix(".HK") ? "HK" + code.dropLast(3) : EnterprisesDerivation.exchangePrefixID(code)
            } else {
                e.id = "E" + Derive.fnv1a64(Derive.legalFormKey(e.legalName ?? e.shortName ?? ""))
            }
            if let other = ids[e.id] {
                throw ChainMatchError.internalFailure("enterprise id collision \(e.id): \(other.legalName ?? "") / \(e.legalName ?? "")")
            }
            ids[e.id] = e
        }
        var actNameParents = 0
        for e in entities {
            if let s = e.parentSASAC, let g = groups[s] {
                if ["地方国企", "民营企业", "外资企业", "集体企业"].contains(e.actEntType) {
                    ownershipConflicts.append("\(e.stockCode ?? "") \(e.legalName ?? e.shortName ?? ""): listed under \(g.legalName ?? "") but act_ent_type \(e.actEntType) (\(e.actName)) — not linked")
                    e.parentSASAC = nil
                } else {
                    e.parentID = g.id
                }
            }
            if e.parentID == nil && !e.actName.isEmpty, let parents = cleanIndex[Derive.cleanName(e.actName)], parents.count == 1, parents[0] !== e {
                e.parentID = parents[0].id
                actNameParents += 1
            }
        }
        counts["parent_from_subsidiary_list"] = entities.filter { $0.parentSASAC != nil && $0.parentID != nil }.count
        counts["parent_from_act_name"] = actNameParents

        var rows: [[String]] = []
        for e in entities {
            let ownership: Enterprise.Ownership
            if e.sasacOrder != nil || e.parentSASAC != nil { ownership = .centralSOE }
            else {
                switch e.actEntType {
                case "中央国企": ownership = .centralSOE
                case "地方国企": ownership = .localSOE
                case "民营企业": ownership = .privatelyOwned
                case "外资企业": ownership = .foreign
                default:
                    if e.lists.contains(.private500) { ownership = .privatelyOwned }
                    else if e.isForeignG500 { ownership = .foreign }
                    else { ownership = .unknown }
                }
            }
            if e.provinceClaims.count > 1 {
                provinceConflicts.append("\(e.legalName ?? e.shortName ?? ""): " + e.provinceClaims.sorted { $0.key < $1.key }
                    .map { "\($0.key) (\($0.value.sorted().joined(separator: ",")))" }.joined(separator: " vs ") + " → \(e.province ?? e.country ?? "")")
                e.notes.insert("province_sources_disagree")
            }
            if e.country == nil && e.province != nil { e.country = "中国" }
            let revenue = e.revenues.sorted { ($0.priority, $0.source) < ($1.priority, $1.source) }.first
            let facts = e.listedFacts
            if e.city == nil, let city = facts?.city { e.city = city }
            rows.append([
                e.id, e.legalName ?? e.shortName ?? "", e.nameEn ?? "", e.shortName ?? "", e.stockCode ?? "",
                e.province ?? "", e.city ?? "", e.country ?? "", e.listedIndustry ?? "", e.global500Industry ?? "",
                e.lists.text, ownership.rawValue, e.parentID ?? "",
                Derive.number(revenue?.value, decimals: 2), revenue?.source ?? "", revenue?.year ?? "",
                revenue == nil ? "" : (revenue!.estimate ? "1" : "0"), Derive.number(e.marketValue, decimals: 2),
                Derive.int(e.g500Rank), Derive.int(e.c500Rank), Derive.int(e.p500Rank), Derive.int(e.p500Rank2025),
                e.notes.sorted().joined(separator: ";"),
                facts?.shenwanL3Code ?? "", facts?.shenwanL3 ?? "", (facts?.concepts ?? []).joined(separator: ";"),
                Derive.int(facts?.employees),
            ])
        }
        rows.sort { $0[0] < $1[0] }
        return rows
    }

    /// The rows with the statistics the README reports: list overlaps, joins, doubtful matches and fixes.
    func output(rows: [[String]]) -> EnterprisesDerivation.Output {
        var pairCounts: [(String, String, Int)] = []
        let flags = ListMembership.dataNames
        for i in 0..<flags.count {
            for j in (i + 1)..<flags.count {
                let n = entities.filter { $0.lists.contains(flags[i].0) && $0.lists.contains(flags[j].0) }.count
                pairCounts.append((flags[i].1, flags[j].1, n))
            }
        }
        for (flag, name) in flags { counts["flag_\(name)"] = entities.filter { $0.lists.contains(flag) }.count }
        counts["enterprises"] = rows.count
        counts["bj_code_migrations"] = oldForNew.count
        return EnterprisesDerivation.Output(rows: rows, counts: counts, pairCounts: pairCounts, doubtful: doubtful, matchKinds: matchKinds,
                      bjMigrations: oldForNew.count, unmatchedYangqi: unmatchedYangqi, ownershipConflicts: ownershipConflicts,
                      provinceFixes: provinceFixes, provinceConflicts: provinceConflicts,
                      subsidiaryDuplicates: subsidiaryDuplicates, subsidiaryCodesMissing: subsidiaryCodesMissing,
                      placeholderRevenues: placeholderRevenues,
                      unjoinedJointStockGlobal500: entities.filter { $0.lists.contains(.global500) && $0.stockCode == nil && $0.country == "中国"
                          && Derive.isJointStock($0.legalName ?? "") }.map { $0.legalName ?? "" }.sorted())
    }
}
