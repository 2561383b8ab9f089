/// Economic-complexity measures over a place × industry matrix: RCA, presence, proximity, density,
/// complexity and outlook gain — every matrix product done by BLAS.
///
/// ```swift
/// let counts = DoubleMatrix([[3, 0, 1], [0, 2, 2], [1, 1, 0]])   // places × industries
/// let m = EconomicComplexity.presence(rca: EconomicComplexity.rca(counts))
/// let phi = try EconomicComplexity.proximity(presence: m)
/// let omega = try EconomicComplexity.density(presence: m, proximity: phi)
/// ```
///
/// Definitions (Hidalgo et al. 2007; Hausmann et al., Atlas of Economic Complexity):
/// - RCA_ri = (x_ri / Σ_i x_ri) / (Σ_r x_ri / Σ_ri x_ri); a place or industry with no activity gets 0.
/// - presence M_ri = 1 when RCA_ri ≥ threshold (1 by default).
/// - ubiquity u_i = Σ_r M_ri, diversity d_r = Σ_i M_ri.
/// - proximity φ_ij = (MᵀM)_ij / max(u_i, u_j) for i ≠ j, 0 on the diagonal and where u is 0.
/// - density ω_ri = Σ_j M_rj φ_ij / Σ_j φ_ij (0 when industry i has no neighbours).
/// - product complexity PCI: the eigenvector of U⁻¹MᵀD⁻¹M for its second-largest eigenvalue,
///   standardised, signed so that it falls with ubiquity.
/// - outlook gain COG_ri = Σ_j φ_ij / (Σ_k φ_kj) · (1 − M_rj) · PCI_j.
/// No result contains NaN: empty rows and columns give zeros.
public enum EconomicComplexity {
    /// Revealed comparative advantage of each place in each industry.
    public static func rca(_ x: DoubleMatrix) -> DoubleMatrix {
        var rowSums = [Double](repeating: 0, count: x.rows)
        var columnSums = [Double](repeating: 0, count: x.columns)
        var total = 0.0
        for r in 0..<x.rows {
            for i in 0..<x.columns {
                let v = x[r, i]
                rowSums[r] += v
                columnSums[i] += v
                total += v
            }
        }
        var out = DoubleMatrix(rows: x.rows, columns: x.columns)
        guard total > 0 else { return out }
        for r in 0..<x.rows where rowSums[r] > 0 {
            for i in 0..<x.columns where columnSums[i] > 0 {
                out[r, i] = (x[r, i] / rowSums[r]) / (columnSums[i] / total)
            }
        }
        return out
    }

    /// 1 where RCA ≥ `threshold`, else 0.
    public static func presence(rca: DoubleMatrix, threshold: Double = 1) -> DoubleMatrix {
        DoubleMatrix(rows: rca.rows, columns: rca.columns, storage: rca.storage.map { $0 >= threshold ? 1 : 0 })
    }

    /// 1 where the count is positive (for data that is already presence, such as approved industries).
    public static func presence(counts: DoubleMatrix) -> DoubleMatrix {
        DoubleMatrix(rows: counts.rows, columns: counts.columns, storage: counts.storage.map { $0 > 0 ? 1 : 0 })
    }

    /// Number of places where each industry is present.
    public static func ubiquity(_ m: DoubleMatrix) -> [Double] {
        var u = [Double](repeating: 0, count: m.columns)
        for r in 0..<m.rows { for i in 0..<m.columns { u[i] += m[r, i] } }
        return u
    }

    /// Number of industries present in each place.
    public static func diversity(_ m: DoubleMatrix) -> [Double] {
        (0..<m.rows).map { r in (0..<m.columns).reduce(0) { $0 + m[r, $1] } }
    }

    /// Industry × industry proximity from co-occurrence, diagonal excluded.
    public static func proximity(presence m: DoubleMatrix) throws -> DoubleMatrix {
        var phi = try BLAS.multiply(m, m, transposeA: .transpose)   // MᵀM: co-occurrence counts
        let u = ubiquity(m)
        for i in 0..<phi.rows {
            for j in 0..<phi.columns {
                let denominator = max(u[i], u[j])
                phi[i, j] = (i == j || denominator == 0) ? 0 : phi[i, j] / denominator
            }
        }
        return phi
    }

    /// Place × industry density: how much of each industry's neighbourhood a place already has.
    public static func density(presence m: DoubleMatrix, proximity phi: DoubleMatrix) throws -> DoubleMatrix {
        guard m.columns == phi.rows, phi.rows == phi.columns else {
            throw ChainMatchError.dimensionMismatch("presence has \(m.columns) industries, proximity is \(phi.rows)×\(phi.columns)")
        }
        var omega = try BLAS.multiply(m, phi)   // (Mφ)_ri = Σ_j M_rj φ_ji = Σ_j M_rj φ_ij (φ symmetric)
        let neighbourhood = (0..<phi.columns).map { i in (0..<phi.rows).reduce(0.0) { $0 + phi[$1, i] } }
        for r in 0..<omega.rows {
            for i in 0..<omega.columns {
                omega[r, i] = neighbourhood[i] > 0 ? omega[r, i] / neighbourhood[i] : 0
            }
        }
        return omega
    }

    /// Product (industry) complexity index, standardised to mean 0 and standard deviation 1.
    ///
    /// Computed on the symmetric form S = U^-½ MᵀD⁻¹M U^-½ (same eigenvalues as U⁻¹MᵀD⁻¹M) by power
    /// iteration with the leading eigenvector √u projected out. Industries absent everywhere get 0.
    public static func complexity(presence m: DoubleMatrix, iterations: Int = 2000, tolerance: Double = 1e-12) throws -> [Double] {
        let u = ubiquity(m)
        let d = diversity(m)
        let n = m.columns
        guard n > 1 else { return [Double](repeating: 0, count: n) }
        // A = D^-½ M U^-½, so S = AᵀA.
        var a = m
        for r in 0..<m.rows {
            for i in 0..<n {
                a[r, i] = (d[r] > 0 && u[i] > 0) ? m[r, i] / (d[r] * u[i]).squareRoot() : 0
            }
        }
        let s = try BLAS.multiply(a, a, transposeA: .transpose)
        let sqrtU = u.map { $0.squareRoot() }
        let norm = sqrtU.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return [Double](repeating: 0, count: n) }
        let leading = sqrtU.map { $0 / norm }
        func deflate(_ v: inout [Double]) {
            let dot = zip(v, leading).reduce(0) { $0 + $1.0 * $1.1 }
            for i in 0..<n { v[i] -= dot * leading[i] }
            for i in 0..<n where u[i] == 0 { v[i] = 0 }
        }
        // Deterministic start that is not orthogonal to typical second eigenvectors.
        var v = (0..<n).map { i in u[i] > 0 ? 1 / (1 + u[i]) + Double(i % 7) * 1e-3 : 0 }
        deflate(&v)
        for _ in 0..<iterations {
            var next = try BLAS.multiply(s, vector: v)
            deflate(&next)
            let length = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard length > 0 else { return [Double](repeating: 0, count: n) }
            for i in 0..<n { next[i] /= length }
            let change = zip(next, v).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            v = next
            if change < tolerance { break }
        }
        // Back to the eigenvector of U⁻¹MᵀD⁻¹M, then standardise over present industries.
        var pci = (0..<n).map { i in u[i] > 0 ? v[i] / sqrtU[i] : 0 }
        let present = (0..<n).filter { u[$0] > 0 }
        let mean = present.reduce(0) { $0 + pci[$1] } / Double(max(1, present.count))
        let variance = present.reduce(0) { $0 + (pci[$1] - mean) * (pci[$1] - mean) } / Double(max(1, present.count))
        let sd = variance.squareRoot()
        for i in 0..<n { pci[i] = (u[i] > 0 && sd > 0) ? (pci[i] - mean) / sd : 0 }
        // Sign: complex industries are the rare ones.
        let covariance = present.reduce(0) { $0 + pci[$1] * (u[$1] - present.reduce(0) { $0 + u[$1] } / Double(present.count)) }
        if covariance > 0 { pci = pci.map { -$0 } }
        return pci
    }

    /// Complexity outlook gain of each place for each industry it could add.
    public static func outlookGain(presence m: DoubleMatrix, proximity phi: DoubleMatrix, complexity pci: [Double]) throws -> DoubleMatrix {
        guard m.columns == phi.rows, pci.count == m.columns else {
            throw ChainMatchError.dimensionMismatch("outlook gain: presence \(m.columns), proximity \(phi.rows), complexity \(pci.count)")
        }
        let n = m.columns
        // Y_rj = (1 − M_rj)·PCI_j; Φn_ij = φ_ij / Σ_k φ_kj; COG = Y Φnᵀ.
        var y = DoubleMatrix(rows: m.rows, columns: n)
        for r in 0..<m.rows { for j in 0..<n { y[r, j] = (1 - m[r, j]) * pci[j] } }
        let columnSums = (0..<n).map { j in (0..<n).reduce(0.0) { $0 + phi[$1, j] } }
        var normalised = phi
        for i in 0..<n { for j in 0..<n { normalised[i, j] = columnSums[j] > 0 ? phi[i, j] / columnSums[j] : 0 } }
        return try BLAS.multiply(y, normalised, transposeB: .transpose)
    }
}
