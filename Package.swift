// swift-tools-version: 6.0
import PackageDescription

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
    ],
    targets: [
        // C interop: Debian's Lua 5.4, and the only hand-written C (macro wrappers,
        // sandbox, budgets and the protected-call trampolines).
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        .target(name: "CLuaShim", dependencies: ["CLua"]),

        // The bridge: the only Swift that touches Lua.
        .target(name: "LuaBridge", dependencies: ["CLuaShim"]),

        // The library: snapshots, packs, evaluation, reports. Returns values, never prints.
        .target(
            name: "Ladder",
            dependencies: [
                "LuaBridge",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),

        // The CLI.
        .executableTarget(
            name: "ladder",
            dependencies: ["Ladder", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // Tests
        .target(name: "LadderTestSupport", path: "Sources/LadderTestSupport"),
        .testTarget(name: "LuaBridgeTests", dependencies: ["LuaBridge"]),
        .testTarget(name: "LadderTests", dependencies: ["Ladder", "LadderTestSupport"], exclude: ["Fixtures", "Goldens"]),
        .testTarget(name: "LadderCLITests", dependencies: ["ladder", "LadderTestSupport"], exclude: ["Goldens"]),
    ]
)
