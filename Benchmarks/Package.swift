// swift-tools-version: 6.1
import PackageDescription

// Benchmarks of cohort, kept in their own package so that the product and its
// tests never build the benchmark tooling. Run from this directory:
//
//   swift package --allow-writing-to-package-directory benchmark
//
// (or `make bench` at the root). See docs/performance.md.
let package = Package(
    name: "CohortBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // MallocInterposer only: the default RuntimeInterposer trait (ARC
        // metrics) crashes on Swift 6.3 on Linux, and no benchmark here uses it.
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
        .package(name: "cohort", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "RosterBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CohortCore", package: "cohort"),
            ],
            path: "Benchmarks/RosterBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        .executableTarget(
            name: "MatchBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CohortCore", package: "cohort"),
                .product(name: "CohortSolver", package: "cohort"),
            ],
            path: "Benchmarks/MatchBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        .executableTarget(
            name: "TeamBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CohortCore", package: "cohort"),
                .product(name: "CohortSolver", package: "cohort"),
            ],
            path: "Benchmarks/TeamBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        .executableTarget(
            name: "ScheduleBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CohortCore", package: "cohort"),
                .product(name: "CohortSolver", package: "cohort"),
            ],
            path: "Benchmarks/ScheduleBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        .executableTarget(
            name: "PodBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CohortCore", package: "cohort"),
                .product(name: "CohortSolver", package: "cohort"),
            ],
            path: "Benchmarks/PodBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        .executableTarget(
            name: "OutputBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CohortCore", package: "cohort"),
                .product(name: "CohortSolver", package: "cohort"),
                .product(name: "CohortFiles", package: "cohort"),
            ],
            path: "Benchmarks/OutputBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ]
)
