/// A what-if scenario (情景推演): changes to a campaign's gaps, endowment, capacity or weights.
///
/// ```swift
/// var s = Scenario(name: "电芯项目落地后")
/// s.removeTargets = ["li.cell"]                                  // the link is now filled
/// s.addTargets = [.init(reference: "li.pack", nodes: ["li.pack"], gap: .fill, priority: 1)]
/// s.capacity = Campaign.Capacity(landMu: 5000, energyTce: 600_000)
/// let changed = s.applied(to: campaign)
/// ```
///
/// A scenario with no changes leaves the campaign exactly as it was, so its ranking and output are
/// byte-identical to the baseline.
public struct Scenario: Equatable, Sendable {
    public var name: String
    public var notes: String = ""
    /// Targets to add (or to replace, when a target with the same reference exists).
    public var addTargets: [Campaign.Target] = []
    /// Target references (node or chain ids) to drop.
    public var removeTargets: [String] = []
    /// Capacity fields to replace; `nil` fields keep the campaign's value.
    public var landMu: Double?
    public var energyTce: Double?
    public var waterTonnes: Double?
    public var emissionTonnes: Double?
    public var allowsTwoHigh: Bool?
    /// Normalised endowment values (0…1) to set for the campaign's province, by resource id.
    public var endowment: [String: Double] = [:]
    /// Block weights to override.
    public var weights = Campaign.WeightOverrides()
    /// Exclusions to add.
    public var exclude: [Campaign.Exclusion] = []
    /// A different weight profile.
    public var profile: String?
    /// The file the scenario was read from.
    public var source = ""

    public init(name: String) { self.name = name }

    /// Whether the scenario changes anything at all.
    public var isEmpty: Bool {
        addTargets.isEmpty && removeTargets.isEmpty && landMu == nil && energyTce == nil && waterTonnes == nil
            && emissionTonnes == nil && allowsTwoHigh == nil && endowment.isEmpty && weights == Campaign.WeightOverrides()
            && exclude.isEmpty && profile == nil
    }

    /// The campaign with the scenario's changes applied (endowment changes are applied by the encoder).
    public func applied(to campaign: Campaign) -> Campaign {
        var c = campaign
        let removed = Set(removeTargets + addTargets.map(\.reference))
        c.targets = c.targets.filter { !removed.contains($0.reference) } + addTargets
        if let v = landMu { c.capacity.landMu = v }
        if let v = energyTce { c.capacity.energyTce = v }
        if let v = waterTonnes { c.capacity.waterTonnes = v }
        if let v = emissionTonnes { c.capacity.emissionTonnes = v }
        if let v = allowsTwoHigh { c.capacity.allowsTwoHigh = v }
        if let v = weights.chain { c.overrides.chain = v }
        if let v = weights.endowment { c.overrides.endowment = v }
        if let v = weights.relatedness { c.overrides.relatedness = v }
        if let v = weights.profile { c.overrides.profile = v }
        c.exclusions += exclude
        if let p = profile { c.profile = p }
        return c
    }
}
