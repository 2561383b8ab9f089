/// Everything in `models/`, loaded and cross-checked: taxonomy, weight profiles and endowment prior.
///
/// ```swift
/// let models = try ModelReader.load(from: DataLocation.resolve())
/// let balanced = models.profile("balanced")!
/// print(models.taxonomy.nodes.count, balanced.blocks.chain)
/// ```
public struct ModelSet: Equatable, Sendable {
    public var taxonomy: ChainTaxonomy
    /// Weight profiles sorted by name.
    public var profiles: [WeightProfile]
    public var prior: EndowmentPrior

    public init(taxonomy: ChainTaxonomy, profiles: [WeightProfile], prior: EndowmentPrior) {
        self.taxonomy = taxonomy
        self.profiles = profiles
        self.prior = prior
    }

    /// The profile with this name, if any.
    public func profile(_ name: String) -> WeightProfile? { profiles.first { $0.name == name } }
}
