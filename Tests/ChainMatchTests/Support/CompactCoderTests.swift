import Foundation
import Testing
@testable import ChainMatch

/// A value that exercises every path of the compact form: optionals at each level, flat arrays, enums
/// with raw and with associated values, dictionaries with string, integer and other keys.
private struct Sample: Codable, Equatable {
    enum Colour: String, Codable { case red, green }
    enum Shape: Codable, Equatable { case point, circle(radius: Double), box(Int, Int, label: String?) }
    struct Pair: Codable, Hashable { var a: Int; var b: String }

    var name: String
    var nickname: String?
    var none: Int?
    var flag: Bool
    var small: Int8
    var unsigned: UInt16
    var floats: [Float]
    var doubles: [Double]
    var ints: [Int]
    var words: [UInt64]
    var offsets: [Int32]
    var emptyStrings: [String]
    var emptyFloats: [Float]
    var maybeFloats: [Float]?
    var gaps: [Int?]
    var nested: [[String?]]
    var colour: Colour
    var shapes: [Shape]
    var byName: [String: [Double]]
    var byNumber: [Int: String]
    var byPair: [Pair: Bool]
    var doubleOptional: Int??
    var unicode: String

    static let example = Sample(
        name: "格尔木", nickname: nil, none: nil, flag: true, small: -7, unsigned: 65_000,
        floats: [1.5, -0.0, .infinity, .leastNonzeroMagnitude], doubles: [.pi, -1e300], ints: [Int.min, 0, Int.max],
        words: [0, .max], offsets: [-1, 2], emptyStrings: [], emptyFloats: [], maybeFloats: [3],
        gaps: [1, nil, 3], nested: [["a", nil], [], [nil]], colour: .green,
        shapes: [.point, .circle(radius: 2.5), .box(1, 2, label: nil), .box(3, 4, label: "盐湖")],
        byName: ["锂": [1, 2], "": []], byNumber: [3: "three", -1: "minus one"],
        byPair: [Pair(a: 1, b: "x"): true, Pair(a: 2, b: "y"): false], doubleOptional: .some(nil), unicode: "emoji 🚀 and \u{0}")
}

private struct Renamed: Codable { var name: String; var nick: String? }

@Suite struct CompactCoderTests {
    @Test func roundTripsEveryKindOfValue() throws {
        let bytes = try CompactEncoder.encode(Sample.example)
        let back = try CompactDecoder.decode(Sample.self, from: bytes, file: "sample.bin")
        #expect(back == Sample.example)
        #expect(back.floats[1].sign == .minus)  // -0.0 kept bit for bit
        #expect(back.doubleOptional == .some(nil))
    }

    @Test func flatArraysAreStoredRaw() throws {
        let floats = (0..<1000).map { Float($0) * 0.5 }
        let bytes = try CompactEncoder.encode(floats)
        #expect(bytes.count == 8 + 4 * floats.count)
        #expect(try CompactDecoder.decode([Float].self, from: bytes, file: "f") == floats)
    }

    @Test func everyTruncationFailsCleanly() throws {
        let bytes = try CompactEncoder.encode(Sample.example)
        for n in 0..<bytes.count {
            #expect(throws: ChainMatchError.self) { try CompactDecoder.decode(Sample.self, from: Array(bytes[0..<n]), file: "cut.bin") }
        }
        let longer = bytes + [0]
        #expect(throws: ChainMatchError.self) { try CompactDecoder.decode(Sample.self, from: longer, file: "long.bin") }
    }

    @Test func anotherShapeOfTypeIsRefusedNamingTheField() throws {
        struct Original: Codable { var name: String; var nickname: String? }
        let bytes = try CompactEncoder.encode(Original(name: "a", nickname: "b"))
        do {
            _ = try CompactDecoder.decode(Renamed.self, from: bytes, file: "old.bin")
            Issue.record("decoded a value written by another type")
        } catch let error as ChainMatchError {
            #expect(error.description.contains("old.bin"))
            #expect(error.description.contains("'nick'"))
        }
    }

    @Test func corruptFlagsAndCountsAreRefused() throws {
        var bytes = try CompactEncoder.encode([true, false])
        bytes[bytes.count - 1] = 7
        #expect(throws: ChainMatchError.self) { try CompactDecoder.decode([Bool].self, from: bytes, file: "flag.bin") }
        // A raw array claiming more elements than the data holds.
        var floats = try CompactEncoder.encode([Float](repeating: 1, count: 4))
        floats[0] = 0xFF
        #expect(throws: ChainMatchError.self) { try CompactDecoder.decode([Float].self, from: floats, file: "count.bin") }
    }

    /// Random values of the sample's shape round-trip (a seeded property test).
    @Test func randomSamplesRoundTrip() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<200 {
            var s = Sample.example
            s.floats = (0..<Int(rng.next() % 50)).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())) }.filter { !$0.isNaN }
            s.gaps = (0..<Int(rng.next() % 10)).map { _ in rng.next() % 3 == 0 ? nil : Int(bitPattern: UInt(rng.next())) }
            s.nickname = rng.next() % 2 == 0 ? nil : String(repeating: "链", count: Int(rng.next() % 40))
            s.byNumber = Dictionary(uniqueKeysWithValues: (0..<Int(rng.next() % 8)).map { ($0, "\(rng.next())") })
            let back = try CompactDecoder.decode(Sample.self, from: CompactEncoder.encode(s), file: "random.bin")
            #expect(back == s)
        }
    }
}
