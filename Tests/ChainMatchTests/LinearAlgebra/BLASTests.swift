import Testing
@testable import ChainMatch

/// Naive triple loop in double precision, the reference for every BLAS product.
func naiveProduct(_ a: Matrix, _ b: Matrix) -> [Double] {
    var c = [Double](repeating: 0, count: a.rows * b.columns)
    for i in 0..<a.rows { for j in 0..<b.columns {
        var s = 0.0
        for p in 0..<a.columns { s += Double(a[i, p]) * Double(b[p, j]) }
        c[i * b.columns + j] = s
    } }
    return c
}

func randomMatrix(_ rows: Int, _ columns: Int, _ rng: inout SplitMix64, range: ClosedRange<Float> = -1...1) -> Matrix {
    Matrix(rows: rows, columns: columns, storage: (0..<(rows * columns)).map { _ in
        range.lowerBound + (range.upperBound - range.lowerBound) * rng.nextFloat()
    })
}

@Suite struct BLASTests {
    @Test func smallProductByHand() throws {
        let c = try BLAS.multiply(Matrix([[1, 2], [3, 4]]), Matrix([[1], [1]]))
        #expect(c == Matrix([[3], [7]]))
    }

    /// Tolerance: |blas − exact| ≤ 1e-5 · k · max|a|·max|b| (float32 accumulation error bound scale).
    @Test(arguments: [(1, 1, 1), (3, 5, 7), (64, 17, 33), (129, 256, 65), (7, 1, 300)])
    func sgemmMatchesNaiveLoop(shape: (Int, Int, Int)) throws {
        let (m, k, n) = shape
        var rng = SplitMix64(seed: UInt64(m * 1000 + k * 10 + n))
        let a = randomMatrix(m, k, &rng), b = randomMatrix(k, n, &rng)
        let c = try BLAS.multiply(a, b)
        let exact = naiveProduct(a, b)
        let tolerance = 1e-5 * Double(k)
        for i in 0..<(m * n) { #expect(abs(Double(c.storage[i]) - exact[i]) <= tolerance) }
    }

    /// After the idle workers are stopped, a product large enough to be split over threads starts them
    /// again and is still right; and stopping them twice is harmless.
    @Test func productsAfterStoppingIdleThreads() throws {
        var rng = SplitMix64(seed: 99)
        let a = randomMatrix(300, 200, &rng), b = randomMatrix(200, 250, &rng)
        let exact = naiveProduct(a, b)
        let threads = BLAS.threads
        defer { BLAS.threads = threads }
        BLAS.threads = 2
        for _ in 0..<2 {
            BLAS.stopIdleThreads()
            BLAS.stopIdleThreads()
            let c = try BLAS.multiply(a, b)
            for i in stride(from: 0, to: exact.count, by: 97) { #expect(abs(Double(c.storage[i]) - exact[i]) <= 1e-5 * 200) }
        }
    }

    @Test func transposedOperands() throws {
        var rng = SplitMix64(seed: 7)
        let a = randomMatrix(6, 4, &rng), b = randomMatrix(5, 4, &rng)
        let viaFlag = try BLAS.multiply(a, b, transposeB: .transpose)
        let viaCopy = try BLAS.multiply(a, b.transposed())
        for i in 0..<viaFlag.storage.count { #expect(abs(viaFlag.storage[i] - viaCopy.storage[i]) <= 1e-6) }
        let at = try BLAS.multiply(a.transposed(), b.transposed(), transposeA: .transpose)
        for i in 0..<at.storage.count { #expect(abs(at.storage[i] - viaCopy.storage[i]) <= 1e-6) }
    }

    @Test func emptyOperandsDoNotCallBLAS() throws {
        #expect(try BLAS.multiply(Matrix(rows: 0, columns: 3), Matrix(rows: 3, columns: 2)) == Matrix(rows: 0, columns: 2))
        #expect(try BLAS.multiply(Matrix(rows: 2, columns: 0), Matrix(rows: 0, columns: 2)) == Matrix(rows: 2, columns: 2))
        #expect(try BLAS.multiply(Matrix(rows: 2, columns: 3), Matrix(rows: 3, columns: 0)) == Matrix(rows: 2, columns: 0))
        #expect(try BLAS.multiply(Matrix(rows: 0, columns: 0), vector: []) == [])
    }

    @Test func mismatchedShapesThrow() {
        #expect(throws: ChainMatchError.self) { try BLAS.multiply(Matrix(rows: 2, columns: 3), Matrix(rows: 2, columns: 3)) }
        #expect(throws: ChainMatchError.self) { try BLAS.multiply(Matrix(rows: 2, columns: 3), vector: [1, 2]) }
        #expect(throws: ChainMatchError.self) {
            try BLAS.multiply(DoubleMatrix(rows: 2, columns: 3), DoubleMatrix(rows: 2, columns: 3))
        }
    }

    @Test func doublePrecisionProductsAndVectors() throws {
        let a = DoubleMatrix([[1, 2, 3], [4, 5, 6]])
        let b = DoubleMatrix([[1, 0], [0, 1], [1, 1]])
        #expect(try BLAS.multiply(a, b) == DoubleMatrix([[4, 5], [10, 11]]))
        #expect(try BLAS.multiply(a, vector: [1, 1, 1]) == [6, 15])
        #expect(try BLAS.multiply(Matrix([[1, 2], [3, 4]]), vector: [1, -1]) == [-1, -1])
        #expect(try BLAS.multiply(a, a, transposeA: .transpose) == DoubleMatrix([[17, 22, 27], [22, 29, 36], [27, 36, 45]]))
    }

    @Test func kernelSelfCheckPasses() {
        #expect(KernelSelector.selfCheck())
    }

    @Test func preferredKernelFollowsCPUFeatures() {
        #expect(KernelSelector.preferredCore(features: ["avx2", "fma", "avx512f", "avx512bw", "avx512vl"], current: "Prescott") == "SkylakeX")
        #expect(KernelSelector.preferredCore(features: ["avx2", "fma"], current: "Prescott") == "Haswell")
        #expect(KernelSelector.preferredCore(features: ["sse4_2"], current: "Prescott") == nil)
        // A specific kernel OpenBLAS chose itself is kept.
        #expect(KernelSelector.preferredCore(features: ["avx512f", "avx512bw", "avx512vl"], current: "Cooperlake") == nil)
    }
}
