// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ChainMatch",
    products: [
        .library(name: "ChainMatch", targets: ["ChainMatch"]),
        .executable(name: "chainmatch", targets: ["chainmatch"]),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "ChainMatch",
            dependencies: ["COpenBLAS"]
        ),
        .executableTarget(
            name: "chainmatch",
            dependencies: ["ChainMatch"]
        ),
        .testTarget(
            name: "ChainMatchTests",
            dependencies: ["ChainMatch"]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["chainmatch"]
        ),
    ],
    swiftLanguageModes: [.v5]
)
