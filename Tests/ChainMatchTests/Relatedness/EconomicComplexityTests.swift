import Testing
@testable import ChainMatch

/// Hand-computed examples; comparisons use an absolute tolerance of 1e-12 (double precision).
@Suite struct EconomicComplexityTests {
    func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool { abs(a - b) <= tolerance }

    // Places × industries: industry 3 is present nowhere, place 3 has no industries.
    let m = DoubleMatrix([
        [1, 1, 0, 0],
        [1, 1, 1, 0],
        [0, 0, 1, 0],
        [0, 0, 0, 0],
    ])

    @Test func rcaByHand() {
        let r = EconomicComplexity.rca(DoubleMatrix([[2, 0], [1, 1], [0, 0]]))
        #expect(close(r[0, 0], 4.0 / 3))
        #expect(close(r[0, 1], 0))
        #expect(close(r[1, 0], 2.0 / 3))
        #expect(close(r[1, 1], 2))
        #expect(r[2, 0] == 0 && r[2, 1] == 0)
        #expect(EconomicComplexity.presence(rca: r).storage == [1, 0, 0, 1, 0, 0])
        #expect(EconomicComplexity.rca(DoubleMatrix(rows: 2, columns: 2)).storage == [0, 0, 0, 0])
    }

    @Test func proximityByHand() throws {
        let phi = try EconomicComplexity.proximity(presence: m)
        let expected: [[Double]] = [[0, 1, 0.5, 0], [1, 0, 0.5, 0], [0.5, 0.5, 0, 0], [0, 0, 0, 0]]
        for i in 0..<4 { for j in 0..<4 { #expect(close(phi[i, j], expected[i][j]), "φ[\(i),\(j)]") } }
        #expect(EconomicComplexity.ubiquity(m) == [2, 2, 2, 0])
        #expect(EconomicComplexity.diversity(m) == [2, 3, 1, 0])
    }

    @Test func densityByHand() throws {
        let phi = try EconomicComplexity.proximity(presence: m)
        let omega = try EconomicComplexity.density(presence: m, proximity: phi)
        let expected: [[Double]] = [
            [2.0 / 3, 2.0 / 3, 1, 0],
            [2.0 / 3 + 1.0 / 3, 2.0 / 3 + 1.0 / 3, 1, 0],
            [1.0 / 3, 1.0 / 3, 0, 0],
            [0, 0, 0, 0],
        ]
        for r in 0..<4 { for i in 0..<4 { #expect(close(omega[r, i], expected[r][i]), "ω[\(r),\(i)]") } }
        #expect(!omega.storage.contains { $0.isNaN })
    }

    @Test func outlookGainByHand() throws {
        let phi = try EconomicComplexity.proximity(presence: m)
        let cog = try EconomicComplexity.outlookGain(presence: m, proximity: phi, complexity: [1, -1, 0.5, 0])
        #expect(close(cog[2, 0], -2.0 / 3))
        #expect(close(cog[2, 1], 2.0 / 3))
        #expect(close(cog[2, 2], 0))
        #expect(close(cog[2, 3], 0))
        // Place 3 has nothing: every neighbour is a gain.
        #expect(close(cog[3, 0], 1 / 1.5 * -1 + 0.5 / 1 * 0.5))
        #expect(!cog.storage.contains { $0.isNaN })
    }

    @Test func complexityFollowsNestedness() throws {
        // Nested: every place has industry 0, fewer have 1, one has 2; industry 3 absent.
        let nested = DoubleMatrix([[1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0]])
        let pci = try EconomicComplexity.complexity(presence: nested)
        #expect(pci[2] > pci[1] && pci[1] > pci[0])
        #expect(pci[3] == 0)
        let present = pci.prefix(3)
        #expect(close(present.reduce(0, +) / 3, 0, 1e-9))
        #expect(close(present.map { $0 * $0 }.reduce(0, +) / 3, 1, 1e-9))
        #expect(!pci.contains { $0.isNaN })
    }

    @Test func emptyInputsGiveZerosNotNaN() throws {
        let empty = DoubleMatrix(rows: 3, columns: 4)
        let phi = try EconomicComplexity.proximity(presence: empty)
        let omega = try EconomicComplexity.density(presence: empty, proximity: phi)
        let pci = try EconomicComplexity.complexity(presence: empty)
        let cog = try EconomicComplexity.outlookGain(presence: empty, proximity: phi, complexity: pci)
        for v in phi.storage + omega.storage + pci + cog.storage { #expect(v == 0) }
    }
}
