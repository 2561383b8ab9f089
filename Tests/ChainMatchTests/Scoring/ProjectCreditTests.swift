import Foundation
import Testing
@testable import ChainMatch

/// A random problem with chain and endowment blocks: features `[chain nodes | endowment nodes | other]`, each
/// enterprise active in a few nodes (its chain features are its strengths), nodes with their own land and
/// energy per 亿元, campaigns whose limits carry their weight columns' node weights and tight capacities, so
/// the project's node is often not the best-credited one.
private func creditProblem(enterprises: Int, nodes: Int, other: Int, campaigns: Int, seed: UInt64)
    -> (x: Matrix, w: Matrix, masks: ConstraintMasks, credit: ProjectCredit) {
    var rng = SplitMix64(seed: seed)
    let width = 2 * nodes + other
    var x = Matrix(rows: enterprises, columns: width)
    let unit = NodeUnitNeeds(landMuPer100m: (0..<nodes).map { _ in Double(rng.next() % 100) },
                             energyTcePer100m: (0..<nodes).map { _ in Double(rng.next() % 100) },
                             waterTPer100m: (0..<nodes).map { _ in Double(rng.next() % 50) },
                             twoHigh: (0..<nodes).map { _ in rng.next() % 7 == 0 })
    var needs = EnterpriseNeeds(count: enterprises, nodes: nodes, unit: unit)
    for e in 0..<enterprises {
        needs.projectInvestment100m[e] = Double(1 + rng.next() % 4)
        var active = Array(Set((0..<(rng.next() % 4)).map { _ in Int(rng.next() % UInt64(nodes)) })).sorted()
        active.shuffle(using: &rng)
        let strengths = active.map { _ in Float(rng.next() % 5) / 4 }   // ties and zeros on purpose
        for (n, s) in zip(active, strengths) { x[e, n] = s }
        for f in (2 * nodes)..<width { x[e, f] = rng.nextFloat() * 2 - 1 }
        needs.setNodes(active, strengths: strengths, enterprise: e)
    }
    var w = Matrix(rows: width, columns: campaigns)
    var limits: [CampaignLimits] = []
    for c in 0..<campaigns {
        for f in 0..<width { w[f, c] = f < 2 * nodes ? Float(rng.next() % 4) / 2 : rng.nextFloat() * 2 - 1 }
        var l = CampaignLimits()
        l.nodeWeights = (0..<nodes).map { w[$0, c] }
        l.nodeEndowment = (0..<nodes).map { w[nodes + $0, c] }
        l.landMu = Double(50 + rng.next() % 250)
        l.energyTce = Double(50 + rng.next() % 250)
        l.allowsTwoHigh = c % 2 == 0
        if c % 3 == 1 { l.waterTonnes = Double(20 + rng.next() % 150) }
        if c % 3 == 2 { l.emissionTonnes = Double(100 + rng.next() % 600) }
        limits.append(l)
    }
    return (x, w, ConstraintMasks(needs: needs, limits: limits), ProjectCredit(chain: 0..<nodes, endowment: nodes..<(2 * nodes)))
}

/// Every campaign's best k allowed enterprises by exact score with the project credit, sorted one by one.
private func bruteForceTops(_ p: (x: Matrix, w: Matrix, masks: ConstraintMasks, credit: ProjectCredit), k: Int) -> [[ScoredItem]] {
    (0..<p.w.columns).map { c in
        let items = (0..<p.x.rows).filter { p.masks.allows(enterprise: $0, campaign: c) }.map {
            ScoredItem(index: $0, score: BlockedScorer.exactScore(features: p.x, row: $0, weights: p.w, column: c,
                                                                  projectCredit: p.credit, masks: p.masks))
        }
        return Array(items.sorted(by: ScoredItem.ranksBefore).prefix(k))
    }
}

@Suite struct ProjectCreditTests {
    @Test func blockedTopKEqualsBruteForceWithTheProjectCredit() throws {
        for seed in 0..<6 as Range<UInt64> {
            let p = creditProblem(enterprises: 300 + Int(seed) * 37, nodes: 9, other: 6, campaigns: 5 + Int(seed) * 7, seed: seed)
            let expected = bruteForceTops(p, k: 12)
            for (block, threads) in [(1, 1), (17, 2), (1024, 2)] {
                var scorer = BlockedScorer(k: 12, blockRows: block, threads: threads, projectCredit: p.credit)
                scorer.sparseBlockRows = seed % 2 == 0 ? 64 : 0   // the column-compacted pass too, where it applies
                let got = try scorer.rank(features: p.x, weights: p.w, masks: p.masks).map { $0.sorted() }
                #expect(got == expected, "seed \(seed), block \(block), threads \(threads)")
            }
        }
    }

    /// Seeded floors with the credit in the score: a sample's floor is a credited score too, and lists
    /// equal brute force whether floors hold or fail.
    @Test(arguments: [nil, 1] as [Int?])
    func seededRankingsWithTheProjectCreditEqualBruteForce(rank: Int?) throws {
        let p = creditProblem(enterprises: 3000, nodes: 30, other: 1, campaigns: 40, seed: 17)
        let expected = bruteForceTops(p, k: 15)
        let seeded = SendableFlag()
        var scorer = BlockedScorer(k: 15, blockRows: 256, threads: 2, projectCredit: p.credit)
        (scorer.seedStep, scorer.seedRankOverride, scorer.seedMinimumRows) = (6, rank, 0)
        scorer.seedReport = { floors, _ in if floors > 0 { seeded.set() } }
        #expect(try scorer.rank(features: p.x, weights: p.w, masks: p.masks).map { $0.sorted() } == expected)
        #expect(seeded.isSet, "the compacted, seeded pass ran")
    }

    @Test func theCreditIsTheBestFittingNodeAndTheProjectIsInIt() {
        let p = creditProblem(enterprises: 400, nodes: 7, other: 2, campaigns: 6, seed: 99)
        var movedByCapacity = 0
        for c in 0..<6 {
            let l = p.masks.limits[c]
            for e in 0..<400 {
                let nodes = p.masks.needs.nodes(of: e).map(Int.init)
                let start = Int(p.masks.needs.nodeOrderStart[e])
                // Reference, written out: every node with positive credit, fitting ones first, then credit, then lowest node.
                let options = nodes.enumerated().compactMap { i, n -> (node: Int, credit: Float, fits: Bool)? in
                    let s = p.masks.needs.nodeStrength[start + i]
                    let credit = s * l.nodeWeights[n] + s * l.nodeEndowment[n]
                    guard credit > 0 else { return nil }
                    return (n, credit, p.masks.needs.fits(p.masks.needs.needs(of: e, node: n), l))
                }
                let best = options.min { a, b in
                    a.fits != b.fits ? a.fits : (a.credit != b.credit ? a.credit > b.credit : a.node < b.node)
                }
                let choice = p.masks.needs.projectChoice(enterprise: e, limits: l)
                #expect(choice?.node == best?.node && choice?.credit == best?.credit && choice?.fits == best?.fits)
                if let choice { #expect(p.masks.project(enterprise: e, campaign: c).node == choice.node) }
                if let best, let top = options.max(by: { $0.credit != $1.credit ? $0.credit < $1.credit : $0.node > $1.node }),
                   top.node != best.node { movedByCapacity += 1 }
                // An enterprise in four nodes earns the best one's credit, never their sum.
                #expect(p.masks.projectCredit(enterprise: e, campaign: c) == (choice?.credit ?? 0))
            }
        }
        #expect(movedByCapacity > 20, "capacity moves the project off the best-credited node in some cases")
    }

    @Test func theBreakdownSplitsTheCreditIntoChainAndEndowment() throws {
        let p = creditProblem(enterprises: 200, nodes: 5, other: 3, campaigns: 3, seed: 4)
        let layout = FeatureLayout(nodeIDs: (0..<5).map { "n\($0)" }, relatednessIDs: [], provinces: [])
        // The layout's blocks start with chain (5 nodes) then endowment (5): the same columns as the problem's.
        #expect(layout.range(of: .chain) == 0..<5 && layout.range(of: .endowment) == 5..<10)
        var x = Matrix(rows: p.x.rows, columns: layout.width)
        var w = Matrix(rows: layout.width, columns: p.w.columns)
        for r in 0..<p.x.rows { for f in 0..<10 { x[r, f] = p.x[r, f] } }
        for f in 0..<10 { for c in 0..<p.w.columns { w[f, c] = p.w[f, c] } }
        for c in 0..<p.w.columns {
            for e in 0..<p.x.rows {
                let choice = p.masks.projectTerm(enterprise: e, campaign: c)
                let parts = ScoreBreakdown(features: x, row: e, weights: w, column: c, layout: layout, project: choice)
                #expect(Float(parts[.chain]) == (choice?.chain ?? 0) && Float(parts[.endowment]) == (choice?.endowment ?? 0))
                let score = BlockedScorer.exactScore(features: x, row: e, weights: w, column: c, projectCredit: layout.projectCredit, masks: p.masks)
                #expect(abs(parts.total - Double(score)) <= 1e-4)
            }
        }
    }
}

/// A flag set from any thread.
final class SendableFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
