import Foundation
import Testing
@testable import ChainMatch

@Suite struct ArithmeticFloorTests {
    /// 3 rows × 4 features with 5 non-zeros: -0.0 is zero, a subnormal and NaN are not.
    static let known: [Float] = [
        1, 0, 0, 2,
        0, -0.0, .leastNonzeroMagnitude, 0,
        0, 0, .nan, -3,
    ]

    @Test func countsTheNonZerosOfAKnownMatrix() {
        #expect(Self.known.withUnsafeBufferPointer { ArithmeticFloor.nonZeros(in: $0) } == 5)
        #expect([Float]().withUnsafeBufferPointer { ArithmeticFloor.nonZeros(in: $0) } == 0)
        #expect([Float](repeating: 0, count: 9).withUnsafeBufferPointer { ArithmeticFloor.nonZeros(in: $0) } == 0)
    }

    @Test func floorIsTheUsefulShareOfTheSgemmTime() {
        let floor = ArithmeticFloor(rows: 3, features: 4, columns: 7, nonZeros: 5)
        #expect(floor.density == 5.0 / 12.0)
        #expect(floor.denseFlops == 2 * 3 * 4 * 7)      // 168
        #expect(floor.usefulFlops == 2 * 5 * 7)         // 70
        // An sgemm of 168 flops in 2.4 s runs at 70 flop/s, so the useful 70 take 1 s.
        #expect(abs(floor.seconds(sgemmSeconds: 2.4) - 1.0) < 1e-12)
        // A scoring pass of 3 s is then 3 × the floor and 1.25 × the sgemm.
        #expect(abs(3.0 / floor.seconds(sgemmSeconds: 2.4) - 3.0) < 1e-12)
        #expect(ArithmeticFloor(rows: 0, features: 4, columns: 7, nonZeros: 0).density == 0)
        #expect(ArithmeticFloor(rows: 0, features: 4, columns: 7, nonZeros: 0).seconds(sgemmSeconds: 1) == 0)
    }

    @Test func countsTheRowsOfAStore() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("features.store").path
        try FeatureStore.write(features: Matrix(rows: 3, columns: 4, storage: Self.known), sourceDigest: SHA256.digest("k").hex, to: path)
        let store = try FeatureStore.open(path: path)
        let floor = ArithmeticFloor(rows: store.rows, features: store.columns, columns: 2,
                                    nonZeros: store.withRows { ArithmeticFloor.nonZeros(in: $0) })
        #expect(floor == ArithmeticFloor(rows: 3, features: 4, columns: 2, nonZeros: 5))
        #expect(floor.usefulFlops == 20)
    }
}
