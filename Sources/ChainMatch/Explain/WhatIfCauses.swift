import Foundation

/// Why an enterprise entered, left or moved in a what-if: the rules that now apply or no longer do, or
/// the change behind its score — the target node, endowment, weight or profile change of the scenario.
///
/// ```swift
/// let causes = WhatIfCauses(models: models, layout: layout, campaign: campaign, scenario: scenario, language: .zh)
/// causes.reason(.left, oldRules: [], newRules: [.land, .twoHigh], before: b, after: a, deltas: d)
/// // "新规则排除：用地超出园区可用量、两高项目不予接受"
/// ```
struct WhatIfCauses {
    let models: ModelSet
    let layout: FeatureLayout
    let scenario: Scenario
    let language: Reasons.Language
    /// The nodes the scenario adds or removes as targets.
    let changedNodes: Set<String>

    init(models: ModelSet, layout: FeatureLayout, campaign: Campaign, scenario: Scenario, language: Reasons.Language) {
        self.models = models; self.layout = layout; self.scenario = scenario; self.language = language
        changedNodes = Set(scenario.addTargets.flatMap(\.nodes) + campaign.targets.filter { scenario.removeTargets.contains($0.reference) }.flatMap(\.nodes))
    }

    /// A project that moved to another node because the scenario's capacities (or two-high rule) no longer
    /// allow its old node (`rules`), or now allow a better one (`lifted`: the rules that kept it out before).
    struct ProjectMove {
        var from: Int
        var to: Int
        var rules: [MaskRule]
        var lifted: [MaskRule]
    }

    /// The reason for one change: every rule that now applies (for a leaver) or was lifted (for an
    /// entrant), the rules that moved its project to another node, else the cause of its score change,
    /// else that others moved around it.
    func reason(_ kind: WhatIfAnalysis.Change.Kind, oldRules: [MaskRule], newRules: [MaskRule],
                before: ScoreBreakdown, after: ScoreBreakdown, deltas: [FeatureLayout.Block: Double], moved: ProjectMove? = nil) -> String {
        let scoreMoved = deltas.values.contains { abs($0) > 1e-9 }
        let zh = language == .zh
        let amount = String(format: "%+.4f", deltas.values.reduce(0, +))
        func name(_ node: Int) -> String { zh ? models.taxonomy.nodes[node].nameZh : models.taxonomy.nodes[node].nameEn }
        func labels(_ rules: [MaskRule]) -> String { rules.map { $0.label(chinese: zh) }.joined(separator: zh ? "、" : ", ") }
        var reason: String
        if let moved, scoreMoved, !moved.rules.isEmpty || !moved.lifted.isEmpty {
            let why = !moved.rules.isEmpty
                ? (zh ? "原「\(name(moved.from))」环节项目：\(labels(moved.rules))" : "its project in \(name(moved.from)) now breaks: \(labels(moved.rules))")
                : (zh ? "「\(name(moved.to))」环节项目不再受限（\(labels(moved.lifted))）" : "a project in \(name(moved.to)) is no longer kept out (\(labels(moved.lifted)))")
            let move = zh ? "；改按「\(name(moved.to))」环节项目计，得分\(amount)" : "; judged on its project in \(name(moved.to)), score \(amount)"
            let lead = kind == .entered && deltas.values.reduce(0, +) < 0
                ? (zh ? "递补：前列企业被规则排除；本企业" : "a rule freed a place ahead of it; ") : ""
            return lead + why + move
        }
        if kind == .left, case let added = newRules.filter({ !oldRules.contains($0) }), !added.isEmpty {
            // Every rule that now applies, not just the first.
            reason = (language == .zh ? "新规则排除：" : "now excluded by rule: ") + added.map { $0.label(chinese: language == .zh) }.joined(separator: language == .zh ? "、" : ", ")
        } else if kind == .entered, case let lifted = oldRules.filter({ !newRules.contains($0) }), !lifted.isEmpty {
            reason = (language == .zh ? "规则放宽后入选：" : "no longer excluded by rule: ") + lifted.map { $0.label(chinese: language == .zh) }.joined(separator: language == .zh ? "、" : ", ")
        } else if scoreMoved {
            reason = cause(before: before, after: after, deltas: deltas)
        } else if kind == .entered {
            reason = language == .zh ? "递补：前列企业被规则排除，得分未变" : "score unchanged: a rule removed enterprises ahead of it, freeing a place"
        } else if kind == .left {
            reason = language == .zh ? "被挤出：新进企业得分更高，本身得分未变" : "score unchanged: pushed out by higher-scoring entrants"
        } else {
            reason = language == .zh ? "前列企业进出，得分未变" : "score unchanged: enterprises ahead of it entered or left"
        }
        return reason
    }

    /// The true cause of a score change: the node whose term moved most, credited to the target change
    /// behind it (a node added or removed moves both its chain and endowment terms), else to the
    /// endowment, weight or profile change of the scenario, else to the block.
    func cause(before: ScoreBreakdown, after: ScoreBreakdown, deltas: [FeatureLayout.Block: Double]) -> String {
        let zh = language == .zh
        var perColumn: [Int: Double] = [:]
        for (c, v) in after.columns { perColumn[c, default: 0] += v }
        for (c, v) in before.columns { perColumn[c, default: 0] -= v }
        let top = perColumn.filter { abs($0.value) > 1e-9 }.max { abs($0.value) != abs($1.value) ? abs($0.value) < abs($1.value) : $0.key > $1.key }
        let total = deltas.values.reduce(0, +)
        let amount = String(format: "%+.4f", total)
        func nodeOf(_ column: Int) -> String? {
            for block in [FeatureLayout.Block.chain, .endowment] where layout.range(of: block).contains(column) {
                return layout.nodeIDs[column - layout.range(of: block).lowerBound]
            }
            return nil
        }
        if let (column, _) = top, let node = nodeOf(column), changedNodes.contains(node) {
            let name = models.taxonomy.node(node).map { zh ? $0.nameZh : $0.nameEn } ?? node
            let added = scenario.addTargets.contains { $0.nodes.contains(node) }
            return zh ? "\(added ? "新增" : "移除")目标环节「\(name)」，得分\(amount)" : "target node \(name) \(added ? "added" : "removed"), score \(amount)"
        }
        if let (column, _) = top, let node = nodeOf(column), !changedNodes.isEmpty {
            let name = models.taxonomy.node(node).map { zh ? $0.nameZh : $0.nameEn } ?? node
            return zh ? "目标调整后「\(name)」环节权重变化，得分\(amount)" : "targets changed the weight of \(name), score \(amount)"
        }
        if !scenario.endowment.isEmpty, abs(deltas[.endowment] ?? 0) > 1e-9 {
            let names = scenario.endowment.keys.sorted().map { id in models.taxonomy.resource(id).map { zh ? $0.nameZh : $0.nameEn } ?? id }
            return zh ? "资源禀赋设定变化（\(names.joined(separator: "、"))），得分\(amount)" : "endowment set to new values (\(names.joined(separator: ", "))), score \(amount)"
        }
        if scenario.weights != Campaign.WeightOverrides() || scenario.profile != nil {
            return zh ? "权重调整，得分\(amount)" : "weights changed, score \(amount)"
        }
        let (block, delta) = deltas.max { abs($0.value) != abs($1.value) ? abs($0.value) < abs($1.value) : $0.key.rawValue > $1.key.rawValue }!
        return String(format: "%@ %+.4f", zh ? block.nameZh : block.rawValue, delta)
    }
}
