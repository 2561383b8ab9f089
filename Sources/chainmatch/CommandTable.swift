/// Every command `chainmatch` knows, in the order `--help` lists them.
let commandTable: [Command] = [
    doctorCommand,
    benchCommand,
    dataBuildCommand,
    dataCheckCommand,
]
