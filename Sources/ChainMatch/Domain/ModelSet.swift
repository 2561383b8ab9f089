/// Everything in `models/`, loaded and cross-checked: taxonomy, weight profiles, endowment prior and
/// the placement tables.
///
/// ```swift
/// let models = try ModelReader.load(from: DataLocation.resolve())
/// let balanced = models.profile("balanced")!
/// print(models.taxonomy.nodes.count, balanced.blocks.chain)
/// ```
public struct ModelSet: Equatable, Sendable, Codable {
    public var taxonomy: ChainTaxonomy
    /// Weight profiles sorted by name.
    public var profiles: [WeightProfile]
    public var prior: EndowmentPrior
    /// What places an enterprise on chain nodes (`models/evidence/`).
    public var placement: PlacementModel

    public init(taxonomy: ChainTaxonomy, profiles: [WeightProfile], prior: EndowmentPrior, placement: PlacementModel = PlacementModel()) {
        self.taxonomy = taxonomy
        self.profiles = profiles
        self.prior = prior
        self.placement = placement
    }

    /// The profile with this name, if any.
    public func profile(_ name: String) -> WeightProfile? { profiles.first { $0.name == name } }
}
