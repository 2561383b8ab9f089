import Foundation

/// L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least squares).
///
/// ```swift
/// let x = DoubleMatrix([[0.1, 1], [0.9, 0], [0.8, 1]])
/// let model = try LogisticRegression.fit(x, labels: [false, true, true], lambda: 1)
/// model.probability([0.7, 1])          // P(label | features)
/// ```
///
/// Features are standardised (mean 0, standard deviation 1; a constant column is left centred) before
/// fitting, and an unpenalised intercept is added, so `lambda` means the same for every column. Each
/// Newton step solves `(XᵀWX + λI) Δ = Xᵀ(y − p) − λβ` by Cholesky; the Gram matrix `XᵀWX` is one
/// dgemm. Fitting stops when no coefficient moves by more than `tolerance` or after `maxIterations`.
public struct LogisticRegression: Equatable, Sendable, Codable {
    /// Per-feature mean and scale used to standardise.
    public var means: [Double]
    public var scales: [Double]
    /// Coefficients on the standardised features.
    public var weights: [Double]
    public var intercept: Double
    /// Newton steps taken.
    public var iterations: Int

    public init(means: [Double], scales: [Double], weights: [Double], intercept: Double, iterations: Int = 0) {
        precondition(means.count == scales.count && scales.count == weights.count)
        self.means = means; self.scales = scales; self.weights = weights; self.intercept = intercept; self.iterations = iterations
    }

    /// The linear score `intercept + Σ wᵢ (xᵢ − μᵢ) / sᵢ` (the log-odds).
    public func logit(_ x: [Double]) -> Double {
        var z = intercept
        for i in 0..<weights.count { z += weights[i] * (x[i] - means[i]) / scales[i] }
        return z
    }

    public func probability(_ x: [Double]) -> Double { Self.sigmoid(logit(x)) }

    static func sigmoid(_ z: Double) -> Double { z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z)) }

    /// Fits the model to the rows of `x` (one example per row) and their labels.
    public static func fit(_ x: DoubleMatrix, labels: [Bool], lambda: Double = 1, maxIterations: Int = 30,
                           tolerance: Double = 1e-7) throws -> LogisticRegression {
        guard x.rows == labels.count else {
            throw ChainMatchError.dimensionMismatch("\(x.rows) examples for \(labels.count) labels")
        }
        guard x.rows > 0 else { throw ChainMatchError.usage("logistic regression needs at least one example") }
        guard lambda > 0 else { throw ChainMatchError.usage("the L2 penalty must be positive, got \(lambda)") }
        let n = x.rows, d = x.columns
        var means = [Double](repeating: 0, count: d), scales = [Double](repeating: 1, count: d)
        var sums = [Double](repeating: 0, count: d), squares = sums
        x.storage.withUnsafeBufferPointer { xs in
            for r in 0..<n { for j in 0..<d { let v = xs[r * d + j]; sums[j] += v; squares[j] += v * v } }
        }
        for j in 0..<d {
            let s = sums[j], ss = squares[j]
            let mean = s / Double(n)
            let variance = max(0, ss / Double(n) - mean * mean)
            means[j] = mean
            scales[j] = variance > 1e-24 ? variance.squareRoot() : 1
        }
        // Design matrix: a column of ones, then the standardised features.
        let p = d + 1
        var design = DoubleMatrix(rows: n, columns: p)
        x.storage.withUnsafeBufferPointer { xs in
            design.storage.withUnsafeMutableBufferPointer { ds in
                for r in 0..<n {
                    ds[r * p] = 1
                    for j in 0..<d { ds[r * p + j + 1] = (xs[r * d + j] - means[j]) / scales[j] }
                }
            }
        }
        let y = labels.map { $0 ? 1.0 : 0.0 }
        var beta = [Double](repeating: 0, count: p)
        let positives = y.reduce(0, +)
        if positives > 0, positives < Double(n) { beta[0] = log(positives / (Double(n) - positives)) }
        var weighted = DoubleMatrix(rows: n, columns: p)
        var iterations = 0
        for _ in 0..<maxIterations {
            iterations += 1
            let z = try BLAS.multiply(design, vector: beta)
            var gradient = [Double](repeating: 0, count: p)
            design.storage.withUnsafeBufferPointer { xs in
                weighted.storage.withUnsafeMutableBufferPointer { ws in
                    for r in 0..<n {
                        let prob = sigmoid(z[r])
                        let root = max(prob * (1 - prob), 1e-12).squareRoot()
                        let residual = y[r] - prob
                        let base = r * p
                        for j in 0..<p {
                            let v = xs[base + j]
                            ws[base + j] = v * root
                            gradient[j] += v * residual
                        }
                    }
                }
            }
            var hessian = try BLAS.multiply(weighted, weighted, transposeA: .transpose)
            for j in 1..<p {
                hessian[j, j] += lambda
                gradient[j] -= lambda * beta[j]
            }
            var step = try choleskySolve(hessian, gradient)
            // Damped Newton: halve the step until the penalised log-likelihood does not fall.
            let current = try objective(design, y, beta, lambda)
            var candidate = beta
            for _ in 0..<30 {
                for j in 0..<p { candidate[j] = beta[j] + step[j] }
                if try objective(design, y, candidate, lambda) >= current - 1e-12 * abs(current) { break }
                for j in 0..<p { step[j] /= 2 }
            }
            var largest = 0.0
            for j in 0..<p { largest = max(largest, abs(step[j])) }
            beta = candidate
            if largest < tolerance { break }
        }
        return LogisticRegression(means: means, scales: scales, weights: Array(beta.dropFirst()), intercept: beta[0], iterations: iterations)
    }

    /// The penalised log-likelihood `Σ y·z − log(1 + eᶻ) − λ/2 Σ βⱼ²` (intercept unpenalised).
    static func objective(_ design: DoubleMatrix, _ y: [Double], _ beta: [Double], _ lambda: Double) throws -> Double {
        let z = try BLAS.multiply(design, vector: beta)
        var total = 0.0
        for r in 0..<z.count {
            let v = z[r]
            let softplus = v > 0 ? v + log1p(exp(-v)) : log1p(exp(v))
            total += y[r] * v - softplus
        }
        for j in 1..<beta.count { total -= lambda / 2 * beta[j] * beta[j] }
        return total
    }

    /// Solves `A x = b` for a symmetric positive definite `A`.
    static func choleskySolve(_ a: DoubleMatrix, _ b: [Double]) throws -> [Double] {
        let n = a.rows
        var l = DoubleMatrix(rows: n, columns: n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i, j]
                for k in 0..<j { s -= l[i, k] * l[j, k] }
                if i == j {
                    guard s > 0 else { throw ChainMatchError.dimensionMismatch("matrix is not positive definite at pivot \(i)") }
                    l[i, i] = s.squareRoot()
                } else {
                    l[i, j] = s / l[j, j]
                }
            }
        }
        var y = b
        for i in 0..<n {
            var s = y[i]
            for k in 0..<i { s -= l[i, k] * y[k] }
            y[i] = s / l[i, i]
        }
        var x = y
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = x[i]
            for k in (i + 1)..<n { s -= l[k, i] * x[k] }
            x[i] = s / l[i, i]
        }
        return x
    }
}
