import Foundation

/// Which slice of the enterprises one batch process scores: shard `index` of `count` (0-based).
///
/// ```swift
/// let shard = try ShardSpec.parse("2/8")                        // or "auto", "auto/8" on a job runner
/// let rows = shard.rowRange(totalRows: 1_000_000)               // 250000..<375000
/// ```
///
/// Shard `i` of `n` over `E` rows covers `[E·i/n, E·(i+1)/n)`, so the shards tile `0..<E` exactly,
/// differ in size by at most one row, and are empty when `n > E` (an empty shard is valid and
/// produces an empty partial result).
///
/// `auto` reads the runner's environment:
/// - Kubernetes indexed Job: `JOB_COMPLETION_INDEX` is the index; the count comes from `auto/N` or
///   `CHAINMATCH_SHARD_COUNT` (set it to the Job's `completions`).
/// - Slurm job array: index `(SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP`
///   (minimum 0 and step 1 when unset), count `SLURM_ARRAY_TASK_COUNT` (or `auto/N`, which must agree).
///
/// Malformed specs are `ChainMatchError.usage` (exit 64) naming the option.
public struct ShardSpec: Hashable, Sendable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The whole input as a single shard, `0/1`.
    public static let whole = ShardSpec(uncheckedIndex: 0, count: 1)

    public init(index: Int, count: Int, option: String = "--shard") throws {
        guard count >= 1 else { throw ChainMatchError.usage("\(option): the shard count must be at least 1, got \(count)") }
        guard (0..<count).contains(index) else {
            throw ChainMatchError.usage("\(option): shard index \(index) is outside 0..<\(count) (indices are 0-based)")
        }
        self.index = index
        self.count = count
    }

    private init(uncheckedIndex: Int, count: Int) {
        self.index = uncheckedIndex
        self.count = count
    }

    /// `index/count`, the form `parse` reads.
    public var description: String { "\(index)/\(count)" }

    /// The rows of `0..<totalRows` this shard covers: `[E·i/n, E·(i+1)/n)`.
    public func rowRange(totalRows: Int) -> Range<Int> {
        precondition(totalRows >= 0, "totalRows must be non-negative")
        return Self.boundary(totalRows, index, count)..<Self.boundary(totalRows, index + 1, count)
    }

    /// `E·i/n` without overflow for any `Int` row count.
    private static func boundary(_ e: Int, _ i: Int, _ n: Int) -> Int {
        let product = UInt(e).multipliedFullWidth(by: UInt(i))
        return Int(UInt(n).dividingFullWidth(product).quotient)
    }

    /// Parses `i/n`, `auto` or `auto/n`; `environment` is injectable for tests.
    public static func parse(_ text: String, option: String = "--shard",
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ShardSpec {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2, !trimmed.isEmpty else {
            throw ChainMatchError.usage("\(option): expected INDEX/COUNT (0-based, e.g. 0/4), auto or auto/COUNT, got '\(text)'")
        }
        var suffixCount: Int?
        if parts.count == 2 {
            suffixCount = try number(parts[1], what: "shard count", option: option, text: text)
        }
        if parts[0] == "auto" {
            return try fromEnvironment(environment, count: suffixCount, option: option)
        }
        guard let count = suffixCount else {
            throw ChainMatchError.usage("\(option): expected INDEX/COUNT (0-based, e.g. 0/4), auto or auto/COUNT, got '\(text)'")
        }
        let index = try number(parts[0], what: "shard index", option: option, text: text)
        return try ShardSpec(index: index, count: count, option: option)
    }

    private static func number(_ s: String, what: String, option: String, text: String, variable: String? = nil) throws -> Int {
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(s) else {
            let origin = variable.map { "\($0)='\(s)'" } ?? "'\(text)'"
            throw ChainMatchError.usage("\(option): \(what) must be a non-negative integer, got \(origin)")
        }
        return value
    }

    private static func fromEnvironment(_ env: [String: String], count suffix: Int?, option: String) throws -> ShardSpec {
        func value(_ name: String) throws -> Int? {
            guard let raw = env[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return try number(raw, what: name, option: option, text: raw, variable: name)
        }
        if let index = try value("JOB_COMPLETION_INDEX") {
            let fromEnv = try value("CHAINMATCH_SHARD_COUNT")
            if let suffix, let fromEnv, suffix != fromEnv {
                throw ChainMatchError.usage("\(option) auto/\(suffix) disagrees with CHAINMATCH_SHARD_COUNT=\(fromEnv)")
            }
            guard let count = suffix ?? fromEnv else {
                throw ChainMatchError.usage("\(option) auto: JOB_COMPLETION_INDEX is set but not the shard count; use auto/N or set CHAINMATCH_SHARD_COUNT to the Job's completions")
            }
            return try ShardSpec(index: index, count: count, option: "\(option) auto (JOB_COMPLETION_INDEX=\(index))")
        }
        if let id = try value("SLURM_ARRAY_TASK_ID") {
            let minimum = try value("SLURM_ARRAY_TASK_MIN") ?? 0
            let step = try value("SLURM_ARRAY_TASK_STEP") ?? 1
            let fromEnv = try value("SLURM_ARRAY_TASK_COUNT")
            if let suffix, let fromEnv, suffix != fromEnv {
                throw ChainMatchError.usage("\(option) auto/\(suffix) disagrees with SLURM_ARRAY_TASK_COUNT=\(fromEnv)")
            }
            guard let count = suffix ?? fromEnv else {
                throw ChainMatchError.usage("\(option) auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; use auto/N")
            }
            guard step >= 1, id >= minimum, (id - minimum) % step == 0 else {
                throw ChainMatchError.usage("\(option) auto: SLURM_ARRAY_TASK_ID=\(id) is not on the array's grid (min \(minimum), step \(step))")
            }
            return try ShardSpec(index: (id - minimum) / step, count: count,
                                 option: "\(option) auto (SLURM_ARRAY_TASK_ID=\(id), min \(minimum))")
        }
        throw ChainMatchError.usage("\(option) auto: neither JOB_COMPLETION_INDEX (Kubernetes indexed Job) nor SLURM_ARRAY_TASK_ID (Slurm array) is set; give INDEX/COUNT")
    }
}

extension ShardSpec: Codable {
    /// Encoded as its `i/n` text, as in manifests: `"shard": "2/8"`.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard !text.hasPrefix("auto"), let spec = try? ShardSpec.parse(text, environment: [:]) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a shard INDEX/COUNT")
        }
        self = spec
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
