// libFuzzer targets for ChainMatch's parsers. Not part of the package build: Tests/Fuzz/run.sh compiles
// this file together with the library's sources under -sanitize=fuzzer,address and runs one target per
// FUZZ_TARGET (csv, json, campaign, scenario, ptk, store, sidecar, args). Every target must only ever throw typed errors.
import Foundation

enum FuzzContext {
    static let root: String = ProcessInfo.processInfo.environment["CHAINMATCH_HOME"] ?? FileManager.default.currentDirectoryPath
    static let models: ModelSet = try! ModelReader.load(from: DataLocation(root: root))
    static let parks: [String: Park] = {
        let parks = try! DatasetReader.parks(CSVReader.read(path: root + "/datasets/parks.csv"))
        return Dictionary(uniqueKeysWithValues: parks.map { ($0.id, $0) })
    }()
    static let enterpriseIDs: Set<String> = ["SZ300750", "SZ000792"]
    static let target = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? "csv"
    static let options = [
        OptionSpec("--campaign", value: "ID", help: ""), OptionSpec("--top", value: "N", help: ""),
        OptionSpec("--format", value: "F", help: "", defaultValue: "table"), OptionSpec("--reasons", help: ""),
    ]
}

@_cdecl("LLVMFuzzerTestOneInput")
public func chainMatchFuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    do {
        switch FuzzContext.target {
        case "csv":
            let table = try CSVReader.parse(data, path: "fuzz.csv")
            // Whatever parses must read as enterprises or fail with a typed error.
            _ = try? DatasetReader.enterprises(table)
        case "json":
            let root = try StrictJSONObject.parse(data, file: "fuzz.json")
            for key in root.keys { _ = try? root.string(key); _ = try? root.wholeNumber(key, in: 0...100) }
        case "campaign":
            _ = try CampaignReader.parse(data, file: "fuzz.json", models: FuzzContext.models, parks: FuzzContext.parks)
        case "scenario":
            _ = try ScenarioReader.parse(data, file: "fuzz.json", models: FuzzContext.models, enterprises: FuzzContext.enterpriseIDs)
        case "ptk":
            _ = try PartialTopK.decode(data, file: "fuzz.ptk")
        case "store", "sidecar":
            // Checksums are recomputed over the mutated bytes, so the fuzzer reaches the fields behind them.
            var bytes = [UInt8](data)
            if FuzzContext.target == "store", bytes.count >= FeatureStore.headerSize {
                let check = bytes.withUnsafeBytes { XXHash64.hash(UnsafeRawBufferPointer(rebasing: $0[0..<FeatureStore.headerChecksumOffset])) }
                withUnsafeBytes(of: check.littleEndian) { for (i, b) in $0.enumerated() { bytes[FeatureStore.headerChecksumOffset + i] = b } }
            }
            if FuzzContext.target == "sidecar", bytes.count >= 8 {
                let check = XXHash64.hash(Data(bytes[0..<(bytes.count - 8)]))
                withUnsafeBytes(of: check.littleEndian) { for (i, b) in $0.enumerated() { bytes[bytes.count - 8 + i] = b } }
            }
            let path = NSTemporaryDirectory() + "chainmatch-fuzz-\(getpid()).\(FuzzContext.target)"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            if FuzzContext.target == "store" {
                let store = try FeatureStore.open(path: path, verify: .full)
                _ = store.rows
            } else {
                _ = try EnterpriseSidecar.read(path: path)
            }
        case "args":
            let words = String(decoding: data, as: UTF8.self).split(separator: " ").map(String.init)
            let parsed = try ArgumentParser.parse(words, options: FuzzContext.options)
            _ = try? parsed.int("--top", in: 1...10_000)
        default:
            fatalError("unknown FUZZ_TARGET \(FuzzContext.target)")
        }
    } catch is ChainMatchError {
        // A typed error is the expected answer to bad input.
    } catch is FeatureStoreError {
    } catch {
        fatalError("untyped error for \(FuzzContext.target): \(error)")
    }
    return 0
}
