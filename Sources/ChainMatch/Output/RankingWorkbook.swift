import Foundation

/// The workbook of a ranked list for a bureau: the list, its reasons, and the campaign's chain map.
///
/// ```swift
/// let list = try engine.rank([campaign])[0]
/// let book = RankingWorkbook.workbook(list, chainMap: try engine.chainMap(campaign: campaign))
/// try AtomicFile.write(XLSXWriter.data(book), to: "out/list.xlsx")
/// ```
///
/// Sheets:
/// - 名单 (the list): the columns of `RankingWriter.csv`, in the same order with the same header;
///   rank, score, the four contributions and revenue are numbers, with the CSV's rounding.
/// - 理由 (reasons): one row per reason sentence — rank, enterprise id, name, reason.
/// - 产业链图谱 (chain map, when given): one row per node of the targeted chains — chain, node, stage,
///   gap, priority, chain weight, the park's leading industries that mention it, enterprises of the
///   province active in it, and the best eligible targets with their scores.
public enum RankingWorkbook {
    /// CSV columns that hold numbers.
    static let numericColumns: Set<String> = [
        "rank", "score", "contribution_chain", "contribution_endowment", "contribution_relatedness",
        "contribution_profile", "revenue_cny_100m",
    ]

    public static func workbook(_ list: RankedList, chainMap: ChainMap?, language: Reasons.Language = .zh) -> Workbook {
        var sheets = [listSheet(list), reasonSheet(list, language: language)]
        if let chainMap { sheets.append(chainMapSheet(chainMap, language: language)) }
        return Workbook(sheets: sheets)
    }

    /// The list with the CSV's columns; text cells hold the text itself (the CSV's formula
    /// neutralisation is not needed: workbook text is never a formula).
    public static func listSheet(_ list: RankedList) -> Workbook.Sheet {
        let header = RankingWriter.csvHeader
        let numeric = header.map(numericColumns.contains)
        let rows = list.results.map { r in
            RankingWriter.csvRow(r, campaign: list.campaign).enumerated().map { c, value -> Workbook.Cell in
                numeric[c] ? Workbook.Cell.decimal(value) : value.isEmpty ? .empty : .text(value)
            }
        }
        return Workbook.Sheet(name: "名单", columns: header.map { Workbook.Column($0) }, rows: rows)
    }

    public static func reasonSheet(_ list: RankedList, language: Reasons.Language = .zh) -> Workbook.Sheet {
        let zh = language == .zh
        let columns = (zh ? ["名次", "企业编号", "企业", "推荐理由"] : ["rank", "enterprise_id", "name", "reason"]).map { Workbook.Column($0) }
        var rows: [[Workbook.Cell]] = []
        for r in list.results {
            for reason in r.reasons {
                rows.append([.number(Double(r.rank)), .text(r.enterprise.id), .text(r.enterprise.name), .text(reason)])
            }
        }
        return Workbook.Sheet(name: "理由", columns: columns, rows: rows)
    }

    public static func chainMapSheet(_ m: ChainMap, language: Reasons.Language = .zh) -> Workbook.Sheet {
        let zh = language == .zh
        let targets = m.nodes.map(\.bestTargets.count).max() ?? 0
        var header = zh ? ["产业链", "环节编号", "环节", "阶段", "缺口", "优先级", "链权重", "园区主导产业提及", "本省企业数", "本省企业（前10）"]
                        : ["chain", "node_id", "node", "stage", "gap", "priority", "chain_weight", "park_mentions", "region_enterprises", "region_examples"]
        for i in 0..<targets { header += zh ? ["首选目标\(i + 1)", "得分\(i + 1)"] : ["target_\(i + 1)", "score_\(i + 1)"] }
        let chainNames = Dictionary(uniqueKeysWithValues: m.chains.map { ($0.id, zh ? $0.nameZh : $0.nameEn) })
        let rows = m.nodes.map { n -> [Workbook.Cell] in
            let gap = n.gap.map { zh ? $0.nameZh : $0.rawValue } ?? (n.weight > 0 ? (zh ? "上下游" : "neighbour") : "")
            var row: [Workbook.Cell] = [
                .text(chainNames[n.chain] ?? n.chain), .text(n.id), .text(zh ? n.nameZh : n.nameEn), .text(n.stage.rawValue),
                text(gap), Workbook.Cell.decimal(RankingWriter.fixed(n.priority, 2)), Workbook.Cell.decimal(RankingWriter.fixed(Double(n.weight), 4)),
                text(n.parkMentions.joined(separator: "、")), .number(Double(n.regionEnterprises.count)),
                text(n.regionEnterprises.prefix(10).joined(separator: "、")),
            ]
            for t in n.bestTargets { row += [.text(t.name), Workbook.Cell.decimal(RankingWriter.fixed(Double(t.score), 2))] }
            return row
        }
        return Workbook.Sheet(name: "产业链图谱", columns: header.map { Workbook.Column($0) }, rows: rows)
    }

    static func text(_ s: String) -> Workbook.Cell { s.isEmpty ? .empty : .text(s) }
}
