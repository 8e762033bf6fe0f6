// swift-tools-version: 6.1
import PackageDescription

// `cohort-pairs`: runs cohort's own mentor-pair phase (CohortCore + GLPK, the
// same code as `cohort match`) and prints what `cohort match` does not print
// yet: the quality objective, and the pairs as CSV. Only for the peer
// comparison in ../compare.sh; its own package so the product never builds it.
let package = Package(
    name: "CohortPeersProbe",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "cohort", path: "../../..")],
    targets: [
        .executableTarget(
            name: "cohort-pairs",
            dependencies: [
                .product(name: "CohortCore", package: "cohort"),
                .product(name: "CohortSolver", package: "cohort"),
            ],
            path: "Sources/cohort-pairs"
        ),
    ]
)
