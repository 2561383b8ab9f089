@testable import ChainMatch

extension EnterpriseNeeds {
    /// Needs whose projects have exactly these land, energy and two-high values: each enterprise is the
    /// only one in a node of its own, whose unit needs are its values, with a project of 1 亿元.
    static func fixed(land: [Float], energy: [Float], twoHigh: [Bool], lists: [ListMembership]) -> EnterpriseNeeds {
        let n = land.count
        var needs = EnterpriseNeeds(count: n, nodes: n, unit: NodeUnitNeeds(
            landMuPer100m: land.map(Double.init), energyTcePer100m: energy.map(Double.init),
            waterTPer100m: [Double](repeating: 0, count: n), twoHigh: twoHigh))
        for e in 0..<n {
            needs.projectInvestment100m[e] = 1
            needs.setNodes([e], enterprise: e)
        }
        needs.lists = lists
        return needs
    }
}
