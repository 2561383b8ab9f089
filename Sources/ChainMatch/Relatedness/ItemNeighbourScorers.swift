import Foundation

/// Item-to-item recommenders on a place × industry presence matrix, as peers of density: RP3beta
/// (three-step random walk, damped by popularity) and EASE (closed-form shallow autoencoder).
///
/// ```swift
/// let rp3 = try ItemNeighbourScorers.rp3beta(presence: train, beta: 0.5)   // industry × industry
/// let scores = try BLAS.multiply(train, rp3)                              // place × industry
/// let ease = try ItemNeighbourScorers.ease(presence: train, lambda: 50)
/// ```
///
/// RP3beta (Paudel et al. 2017): `W_ji = Σ_u (X_uj / u_j)(X_ui / deg_u) / u_i^β` with the diagonal set
/// to zero, where `u` is the industry's ubiquity and `deg` the place's industry count. EASE (Steck 2019):
/// `B = I − P·diag(1/diag P)`, `P = (XᵀX + λI)⁻¹`, with a zero diagonal. A place's scores are `x · W`.
public enum ItemNeighbourScorers {
    public static func rp3beta(presence x: DoubleMatrix, beta: Double) throws -> DoubleMatrix {
        let degrees = (0..<x.rows).map { r in (0..<x.columns).reduce(0.0) { $0 + x[r, $1] } }
        var scaled = x
        for r in 0..<x.rows where degrees[r] > 0 { for c in 0..<x.columns { scaled[r, c] /= degrees[r] } }
        var w = try BLAS.multiply(x, scaled, transposeA: .transpose)
        let u = EconomicComplexity.ubiquity(x)
        for j in 0..<w.rows {
            for i in 0..<w.columns {
                w[j, i] = (i == j || u[j] == 0 || u[i] == 0) ? 0 : w[j, i] / u[j] / pow(u[i], beta)
            }
        }
        return w
    }

    public static func ease(presence x: DoubleMatrix, lambda: Double) throws -> DoubleMatrix {
        var gram = try BLAS.multiply(x, x, transposeA: .transpose)
        let n = gram.rows
        for i in 0..<n { gram[i, i] += lambda }
        var inverse = DoubleMatrix(rows: n, columns: n)
        for c in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[c] = 1
            let column = try LogisticRegression.choleskySolve(gram, e)
            for r in 0..<n { inverse[r, c] = column[r] }
        }
        var b = DoubleMatrix(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n where i != j { b[i, j] = -inverse[i, j] / inverse[j, j] } }
        return b
    }
}
