// swift-tools-version: 6.1
import PackageDescription

// Layers, bottom to top:
//   CohortCore   — pure: domain, rules, CSV, roster validation, model building (no file I/O, no GLPK)
//   CohortSolver — the only code that talks to GLPK (through CGLPK and CGLPKGuard)
//   CohortFiles  — every file-system call: reading inputs, the atomic --out directory
//   cohort       — the thin command-line tool: arguments, diagnostics, wiring
let package = Package(
    name: "cohort",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cohort", targets: ["cohort"]),
        .library(name: "CohortCore", targets: ["CohortCore"]),
        .library(name: "CohortSolver", targets: ["CohortSolver"]),
        .library(name: "CohortFiles", targets: ["CohortFiles"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CGLPK",
            path: "Sources/CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        .target(
            name: "CGLPKGuard",
            dependencies: ["CGLPK"],
            path: "Sources/CGLPKGuard"
        ),
        .target(
            name: "CohortCore",
            path: "Sources/CohortCore"
        ),
        .target(
            name: "CohortSolver",
            dependencies: ["CohortCore", "CGLPK", "CGLPKGuard"],
            path: "Sources/CohortSolver"
        ),
        .target(
            name: "CohortFiles",
            dependencies: ["CohortCore"],
            path: "Sources/CohortFiles"
        ),
        .executableTarget(
            name: "cohort",
            dependencies: [
                "CohortCore",
                "CohortSolver",
                "CohortFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/cohort"
        ),
        .testTarget(
            name: "CohortCoreTests",
            dependencies: [
                "CohortCore",
                "CohortSolver",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/CohortCoreTests"
        ),
        .testTarget(
            name: "CohortSolverTests",
            dependencies: ["CohortCore", "CohortSolver"],
            path: "Tests/CohortSolverTests"
        ),
        .testTarget(
            name: "CohortCLITests",
            dependencies: ["CohortCore"],
            path: "Tests/CohortCLITests"
        ),
    ]
)
