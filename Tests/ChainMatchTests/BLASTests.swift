import Testing
@testable import ChainMatch

@Suite struct BLASTests {
    @Test func smallProduct() throws {
        let c = try BLAS.multiply(Matrix([[1, 2], [3, 4]]), Matrix([[1], [1]]))
        #expect(c == Matrix([[3], [7]]))
    }
}
