/// Every command `chainmatch` knows, in the order `--help` lists them.
let commandTable: [Command] = [
    rankCommand,
    campaignsCommand,
    explainCommand,
    whatIfCommand,
    chainMapCommand,
    doctorCommand,
    benchCommand,
    batchCommand,
    mergeCommand,
    diffCommand,
    synthCommand,
    dataBuildCommand,
    dataCheckCommand,
    relatednessBuildCommand,
    relatednessShowCommand,
    evaluateRelatednessCommand,
]
