// swift-tools-version: 6.0
import PackageDescription

// Dependencies point one way, top to bottom:
//
//   ladder (CLI)
//   Ladder (umbrella) ─ LadderCheck, LadderPackTests ─ LadderEngine ─ LuaBridge ─ CLuaShim ─ CLua
//                       LadderReports      │
//                       LadderImport ──────┤
//                       LadderPacks ───────┤
//                       LadderSnapshots ───┤
//                       LadderModel ───────┘  (plain values: no Lua, no files)
let package = Package(
    name: "Ladder",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Ladder", targets: ["Ladder"]),
        .executable(name: "ladder", targets: ["ladder"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C interop: Debian's Lua 5.4, and the only hand-written C (macro wrappers, state and
        // budgets, read-only views, the sandbox, protected runs, coverage).
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        // Debian's zlib, for the snapshots a decision history keeps.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // glibc's malloc.h, for the command's own process (`malloc_trim`).
        .systemLibrary(name: "CMalloc"),

        // The bridge: the only Swift that touches Lua.
        .target(name: "LuaBridge", dependencies: ["CLuaShim"]),

        // The domain as plain values: snapshot records, parameters, rule declarations, results,
        // evaluations and their diff, number formatting.
        .target(name: "LadderModel", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Snapshot files: parsing, validation, indexes.
        .target(name: "LadderSnapshots", dependencies: ["LadderModel"]),
        // Rule packs: manifests, parameters, reading a pack folder.
        .target(name: "LadderPacks", dependencies: ["LadderModel", .product(name: "Yams", package: "Yams")]),
        // The engine: the only importer of LuaBridge. Compiled packs, sessions, marshalling, the worker pool.
        .target(name: "LadderEngine", dependencies: ["LadderModel", "LadderSnapshots", "LadderPacks", "LuaBridge"]),
        // CRM exports and spreadsheets to a snapshot (`ladder import`), read with CSV.swift.
        .target(name: "LadderImport", dependencies: ["LadderModel", "LadderSnapshots", "LadderPacks", .product(name: "CSV", package: "CSV.swift"),
                                                     .product(name: "Yams", package: "Yams")]),
        // Renderers: text, markdown, JSON, CSV, HTML, explanations, import reports.
        .target(name: "LadderReports", dependencies: ["LadderModel", "LadderSnapshots", "LadderImport"]),
        // `ladder test`: pack test cases, pinned verdicts, coverage, JUnit.
        .target(name: "LadderPackTests", dependencies: ["LadderModel", "LadderSnapshots", "LadderPacks", "LadderEngine", .product(name: "Yams", package: "Yams")]),
        // `ladder check`: static checks of a pack, before it runs.
        .target(name: "LadderCheck", dependencies: ["LadderModel", "LadderPacks", "LadderEngine", "LadderPackTests"]),
        // Dry runs of a policy change (`ladder plan`), parameter sweeps (`ladder sweep`) and
        // counterfactuals (`ladder explain --why-not`).
        .target(name: "LadderPlans", dependencies: ["LadderModel", "LadderSnapshots", "LadderPacks", "LadderEngine"]),
        // The decision history (`--record`, `ladder history`, `ladder replay`), in SQLite through GRDB.
        .target(name: "LadderHistory", dependencies: ["LadderModel", "LadderSnapshots", "LadderPacks", "LadderEngine", "CZlib",
                                                      .product(name: "GRDB", package: "GRDB.swift")]),
        // The library product: everything above but the bridge.
        .target(name: "Ladder", dependencies: ["LadderModel", "LadderSnapshots", "LadderPacks", "LadderEngine", "LadderReports", "LadderPackTests", "LadderCheck", "LadderPlans", "LadderHistory", "LadderImport"]),

        // The CLI: parses, delegates, prints.
        .executableTarget(
            name: "ladder",
            dependencies: ["Ladder", "CMalloc", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // Tests
        .target(name: "LadderTestSupport", path: "Sources/LadderTestSupport"),
        .testTarget(name: "LuaBridgeTests", dependencies: ["LuaBridge"]),
        .testTarget(name: "LadderTests", dependencies: ["Ladder", "LadderTestSupport", .product(name: "GRDB", package: "GRDB.swift")], exclude: ["Fixtures", "Goldens"]),
        .testTarget(name: "LadderCLITests", dependencies: ["ladder", "LadderTestSupport", .product(name: "GRDB", package: "GRDB.swift")], exclude: ["Goldens"]),
    ]
)
