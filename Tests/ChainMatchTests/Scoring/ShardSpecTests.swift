import Foundation
import Testing
@testable import ChainMatch

@Suite struct ShardSpecTests {
    @Test func parsesIndexOverCount() throws {
        #expect(try ShardSpec.parse("0/1", environment: [:]) == .whole)
        #expect(try ShardSpec.parse("2/8", environment: [:]) == ShardSpec(index: 2, count: 8))
        #expect(try ShardSpec.parse(" 7/8 ", environment: [:]).description == "7/8")
    }

    @Test(arguments: ["", "3", "/4", "1/", "a/4", "1/b", "-1/4", "1/-4", "4/4", "5/4", "0/0", "1/2/3", "1.5/4", "+1/4",
                      "auto/0", "auto/x", "99999999999999999999/2"])
    func rejectsBadSpecs(text: String) {
        do {
            _ = try ShardSpec.parse(text, option: "--shard", environment: ["JOB_COMPLETION_INDEX": "0"])
            Issue.record("'\(text)' parsed")
        } catch let error as ChainMatchError {
            #expect(error.exitCode == 64)
            #expect(error.description.contains("--shard"), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func kubernetesIndexedJob() throws {
        #expect(try ShardSpec.parse("auto/4", environment: ["JOB_COMPLETION_INDEX": "3"]) == ShardSpec(index: 3, count: 4))
        #expect(try ShardSpec.parse("auto", environment: ["JOB_COMPLETION_INDEX": "0", "CHAINMATCH_SHARD_COUNT": "2"]) == ShardSpec(index: 0, count: 2))
        #expect(try ShardSpec.parse("auto/2", environment: ["JOB_COMPLETION_INDEX": "1", "CHAINMATCH_SHARD_COUNT": "2"]) == ShardSpec(index: 1, count: 2))
        // No count, disagreeing counts, index out of range, garbage index.
        for env in [["JOB_COMPLETION_INDEX": "0"], ["JOB_COMPLETION_INDEX": "4", "CHAINMATCH_SHARD_COUNT": "4"],
                    ["JOB_COMPLETION_INDEX": "x", "CHAINMATCH_SHARD_COUNT": "4"]] {
            #expect(throws: ChainMatchError.self) { try ShardSpec.parse("auto", environment: env) }
        }
        #expect(throws: ChainMatchError.self) {
            try ShardSpec.parse("auto/3", environment: ["JOB_COMPLETION_INDEX": "0", "CHAINMATCH_SHARD_COUNT": "4"])
        }
    }

    @Test func slurmArrays() throws {
        // --array=0-9
        #expect(try ShardSpec.parse("auto", environment: ["SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_COUNT": "10", "SLURM_ARRAY_TASK_MIN": "0"])
                == ShardSpec(index: 9, count: 10))
        // --array=1-4: ids start at 1
        #expect(try ShardSpec.parse("auto", environment: ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1"])
                == ShardSpec(index: 0, count: 4))
        // --array=10-16:2 (10, 12, 14, 16)
        #expect(try ShardSpec.parse("auto/4", environment: ["SLURM_ARRAY_TASK_ID": "14", "SLURM_ARRAY_TASK_COUNT": "4",
                                                            "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_STEP": "2"])
                == ShardSpec(index: 2, count: 4))
        // MIN unset: the id is the index.
        #expect(try ShardSpec.parse("auto", environment: ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "3"]) == ShardSpec(index: 2, count: 3))
        for env in [["SLURM_ARRAY_TASK_ID": "2"],                                                  // no count
                    ["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4"],                   // beyond count
                    ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1"],
                    ["SLURM_ARRAY_TASK_ID": "11", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_STEP": "2"]] {
            #expect(throws: ChainMatchError.self, "\(env)") { try ShardSpec.parse("auto", environment: env) }
        }
        #expect(throws: ChainMatchError.self) {
            try ShardSpec.parse("auto/5", environment: ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "4"])
        }
    }

    @Test func autoWithoutARunnerIsAUsageError() {
        do {
            _ = try ShardSpec.parse("auto", environment: [:])
            Issue.record("parsed")
        } catch let error as ChainMatchError {
            #expect(error.exitCode == 64)
            #expect(error.description.contains("JOB_COMPLETION_INDEX") && error.description.contains("SLURM_ARRAY_TASK_ID"))
        } catch { Issue.record("\(error)") }
    }

    @Test func rangesTileTheRowsExactly() throws {
        for e in [0, 1, 2, 5, 10, 999, 1000, 1_000_003] {
            for n in [1, 2, 3, 7, 8, 64, 1001] {
                var next = 0
                for i in 0..<n {
                    let r = try ShardSpec(index: i, count: n).rowRange(totalRows: e)
                    #expect(r.lowerBound == next)
                    #expect(r.count == e / n || r.count == e / n + 1)
                    next = r.upperBound
                }
                #expect(next == e, "E=\(e) n=\(n)")
            }
        }
        #expect(try ShardSpec(index: 2, count: 8).rowRange(totalRows: 1_000_000) == 250_000..<375_000)
        #expect(try ShardSpec(index: 1, count: 4).rowRange(totalRows: 2) == 0..<1)
        #expect(try ShardSpec(index: 0, count: 4).rowRange(totalRows: 2) == 0..<0)
        // No overflow for huge row counts.
        #expect(try ShardSpec(index: 1, count: 2).rowRange(totalRows: Int.max).lowerBound == Int.max / 2)
    }

    @Test func codableAsText() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = try encoder.encode(["shard": ShardSpec(index: 2, count: 8)])
        #expect(String(decoding: data, as: UTF8.self) == #"{"shard":"2/8"}"#)
        #expect(try JSONDecoder().decode([String: ShardSpec].self, from: data)["shard"] == ShardSpec(index: 2, count: 8))
        for bad in [#"{"shard":"8/8"}"#, #"{"shard":"auto/2"}"#, #"{"shard":3}"#] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode([String: ShardSpec].self, from: Data(bad.utf8)) }
        }
    }
}
