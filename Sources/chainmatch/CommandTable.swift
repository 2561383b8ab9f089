/// Every command `chainmatch` knows, in the order `--help` lists them.
let commandTable: [Command] = [
    rankCommand,
    campaignsCommand,
    doctorCommand,
    benchCommand,
    benchBatchCommand,
    batchCommand,
    mergeCommand,
    diffCommand,
    synthCommand,
    dataBuildCommand,
    dataCheckCommand,
]
