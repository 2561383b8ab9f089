/// A dense, row-major matrix of `Float` (single precision), the unit of work for BLAS.
///
/// ```swift
/// var m = Matrix(rows: 2, columns: 3)
/// m[1, 2] = 4
/// let p = try BLAS.multiply(m, Matrix(rows: 3, columns: 1, repeating: 1)) // 2×1
/// ```
///
/// Element `(r, c)` lives at `storage[r * columns + c]`. Matrices are values: copying one copies
/// its elements on first write.
public struct Matrix: Equatable, Sendable, Codable {
    public let rows: Int
    public let columns: Int
    public var storage: [Float]

    /// A `rows × columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = [Float](repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major elements; `storage.count` must equal `rows * columns`.
    public init(rows: Int, columns: Int, storage: [Float]) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        precondition(storage.count == rows * columns, "Matrix storage has \(storage.count) elements, expected \(rows * columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix from nested rows; every row must have the same length.
    public init(_ nested: [[Float]]) {
        let columns = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == columns }, "Matrix rows differ in length")
        self.init(rows: nested.count, columns: columns, storage: nested.flatMap { $0 })
    }

    @inlinable
    public subscript(row: Int, column: Int) -> Float {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// The elements of one row.
    public func row(_ r: Int) -> ArraySlice<Float> {
        storage[(r * columns)..<((r + 1) * columns)]
    }

    /// The transpose, as a new row-major matrix.
    public func transposed() -> Matrix {
        var t = Matrix(rows: columns, columns: rows)
        storage.withUnsafeBufferPointer { src in
            t.storage.withUnsafeMutableBufferPointer { dst in
                for r in 0..<rows {
                    for c in 0..<columns { dst[c * rows + r] = src[r * columns + c] }
                }
            }
        }
        return t
    }
}

/// A dense, row-major matrix of `Double`, for sums that need double precision (relatedness).
public struct DoubleMatrix: Equatable, Sendable, Codable {
    public let rows: Int
    public let columns: Int
    public var storage: [Double]

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = [Double](repeating: value, count: rows * columns)
    }

    public init(rows: Int, columns: Int, storage: [Double]) {
        precondition(storage.count == rows * columns, "Matrix storage has \(storage.count) elements, expected \(rows * columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    public init(_ nested: [[Double]]) {
        let columns = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == columns }, "Matrix rows differ in length")
        self.init(rows: nested.count, columns: columns, storage: nested.flatMap { $0 })
    }

    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    public func transposed() -> DoubleMatrix {
        var t = DoubleMatrix(rows: columns, columns: rows)
        for r in 0..<rows { for c in 0..<columns { t.storage[c * rows + r] = storage[r * columns + c] } }
        return t
    }
}
