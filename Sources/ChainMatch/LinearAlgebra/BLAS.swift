import COpenBLAS
#if canImport(Glibc)
import Glibc
#endif

/// The one place ChainMatch calls BLAS: checked wrappers over OpenBLAS's CBLAS interface.
///
/// ```swift
/// let a = Matrix([[1, 2], [3, 4]])
/// let b = Matrix([[1], [1]])
/// let c = try BLAS.multiply(a, b)   // [[3], [7]]
/// ```
///
/// Every wrapper checks shapes before calling into C and handles empty operands without calling
/// BLAS at all (OpenBLAS rejects a leading dimension of 0). Nothing else in the package may call a
/// `cblas_*` or `openblas_*` function.
public enum BLAS {
    /// Whether an operand is used as stored or transposed.
    public enum Transpose: Sendable {
        case none, transpose
        var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
    }

    // MARK: Runtime

    /// The name of the kernel OpenBLAS selected for this CPU, for example `SkylakeX` or `Prescott`.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS's build configuration string (version, threading model, DYNAMIC_ARCH).
    public static var configuration: String {
        guard let config = openblas_get_config() else { return "unknown" }
        return String(cString: config)
    }

    /// The number of threads OpenBLAS uses for one call. Setting the count it already has does nothing (OpenBLAS
    /// would start its stopped workers again).
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set {
            guard max(1, newValue) != threads else { return }
            openblas_set_num_threads(Int32(max(1, newValue)))
        }
    }

    /// Stops OpenBLAS's worker threads while they are idle; the next call that needs them, or a change of the
    /// thread count, starts them again (so set the count first).
    ///
    /// ```swift
    /// BLAS.stopIdleThreads()   // a short command: no worker spinning beside the load
    /// ```
    ///
    /// OpenBLAS starts its workers when it loads, and an idle worker spins (`sched_yield`) for about 2^28
    /// cycles before it sleeps — about the whole run of a command that reads the snapshot, on one of two
    /// cores. The library's own shutdown entry point is looked up at run time and skipped when absent.
    /// Returns whether it was there.
    @discardableResult
    public static func stopIdleThreads() -> Bool {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "blas_thread_shutdown_") else { return false }
        typealias Shutdown = @convention(c) () -> Int32
        _ = unsafeBitCast(symbol, to: Shutdown.self)()
        return true
    }

    // MARK: Single precision

    /// `C = alpha · op(A) · op(B) + beta · C` on raw row-major buffers (sgemm).
    ///
    /// `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`; `lda`, `ldb`, `ldc` are the row
    /// strides of the stored matrices. With `m`, `n` or `k` equal to zero no BLAS call is made
    /// (`C` is scaled by `beta` when `k == 0`).
    public static func gemm(
        transposeA: Transpose = .none, transposeB: Transpose = .none,
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>?, lda: Int,
        b: UnsafePointer<Float>?, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>?, ldc: Int
    ) throws {
        guard m >= 0, n >= 0, k >= 0 else {
            throw ChainMatchError.dimensionMismatch("sgemm with negative size m=\(m) n=\(n) k=\(k)")
        }
        if m == 0 || n == 0 { return }
        guard let c, ldc >= n else {
            throw ChainMatchError.dimensionMismatch("sgemm output stride \(ldc) < n=\(n)")
        }
        if k == 0 {
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        let aColumns = transposeA == .none ? k : m
        let bColumns = transposeB == .none ? n : k
        guard let a, let b, lda >= aColumns, ldb >= bColumns else {
            throw ChainMatchError.dimensionMismatch(
                "sgemm strides lda=\(lda) (need ≥ \(aColumns)), ldb=\(ldb) (need ≥ \(bColumns))")
        }
        cblas_sgemm(
            CblasRowMajor, transposeA.cblas, transposeB.cblas,
            blasint(m), blasint(n), blasint(k), alpha,
            a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// `op(A) · op(B)` as a new matrix; throws when the inner dimensions differ.
    public static func multiply(
        _ a: Matrix, _ b: Matrix, transposeA: Transpose = .none, transposeB: Transpose = .none
    ) throws -> Matrix {
        let (m, ka) = transposeA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
        let (kb, n) = transposeB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
        guard ka == kb else {
            throw ChainMatchError.dimensionMismatch("cannot multiply \(m)×\(ka) by \(kb)×\(n)")
        }
        Invariants.check(a.storage.count == a.rows * a.columns && b.storage.count == b.rows * b.columns,
                         "a matrix's storage does not match its shape")
        var c = Matrix(rows: m, columns: n)
        try a.storage.withUnsafeBufferPointer { pa in
            try b.storage.withUnsafeBufferPointer { pb in
                try c.storage.withUnsafeMutableBufferPointer { pc in
                    try gemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: ka,
                        a: pa.baseAddress, lda: max(1, a.columns),
                        b: pb.baseAddress, ldb: max(1, b.columns),
                        c: pc.baseAddress, ldc: max(1, n))
                }
            }
        }
        return c
    }

    /// `y = A · x` (sgemv) for a row-major `A` and a vector `x` of length `A.columns`.
    public static func multiply(_ a: Matrix, vector x: [Float]) throws -> [Float] {
        guard x.count == a.columns else {
            throw ChainMatchError.dimensionMismatch("cannot multiply \(a.rows)×\(a.columns) by a vector of \(x.count)")
        }
        var y = [Float](repeating: 0, count: a.rows)
        if a.rows == 0 || a.columns == 0 { return y }
        a.storage.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    cblas_sgemv(
                        CblasRowMajor, CblasNoTrans, blasint(a.rows), blasint(a.columns), 1,
                        pa.baseAddress, blasint(a.columns), px.baseAddress, 1, 0, py.baseAddress, 1)
                }
            }
        }
        return y
    }

    // MARK: Double precision

    /// `op(A) · op(B)` in double precision (dgemm); throws when the inner dimensions differ.
    public static func multiply(
        _ a: DoubleMatrix, _ b: DoubleMatrix, transposeA: Transpose = .none, transposeB: Transpose = .none
    ) throws -> DoubleMatrix {
        let (m, ka) = transposeA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
        let (kb, n) = transposeB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
        guard ka == kb else {
            throw ChainMatchError.dimensionMismatch("cannot multiply \(m)×\(ka) by \(kb)×\(n)")
        }
        var c = DoubleMatrix(rows: m, columns: n)
        if m == 0 || n == 0 || ka == 0 { return c }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(
                        CblasRowMajor, transposeA.cblas, transposeB.cblas,
                        blasint(m), blasint(n), blasint(ka), 1,
                        pa.baseAddress, blasint(a.columns), pb.baseAddress, blasint(b.columns),
                        0, pc.baseAddress, blasint(n))
                }
            }
        }
        return c
    }

    /// `y = A · x` in double precision (dgemv).
    public static func multiply(_ a: DoubleMatrix, vector x: [Double]) throws -> [Double] {
        guard x.count == a.columns else {
            throw ChainMatchError.dimensionMismatch("cannot multiply \(a.rows)×\(a.columns) by a vector of \(x.count)")
        }
        var y = [Double](repeating: 0, count: a.rows)
        if a.rows == 0 || a.columns == 0 { return y }
        a.storage.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    cblas_dgemv(
                        CblasRowMajor, CblasNoTrans, blasint(a.rows), blasint(a.columns), 1,
                        pa.baseAddress, blasint(a.columns), px.baseAddress, 1, 0, py.baseAddress, 1)
                }
            }
        }
        return y
    }
}
