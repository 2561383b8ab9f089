import ChainMatch
import Foundation

let diffCommand = Command(
    name: "diff",
    summary: "what changed between two batch runs: per campaign, who entered, left or moved",
    positionals: "RUN_A RUN_B",
    discussion: "RUN_A and RUN_B are run folders (OUT/<date> or OUT/latest); RUN_A is the older. Reads their JSON lists.",
    options: [OptionSpec("--format", value: "FORMAT", help: "table, csv or json", defaultValue: "table")]
) { args, _ in
    guard args.positionals.count == 2 else { throw ChainMatchError.usage("diff needs two run folders: RUN_A RUN_B") }
    let format = RunDiffWriter.Format(rawValue: try args.choice("--format", RunDiffWriter.Format.allCases.map(\.rawValue))!)!
    let lists = try BatchRunWriter.listsToCompare(old: args.positionals[0], new: args.positionals[1])
    let diffs = try RunDiff.campaigns(old: lists.old, new: lists.new)
    FileHandle.standardOutput.write(try RunDiffWriter.render(diffs, format: format))
    return 0
}
