// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ocppspec",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ocppspec", targets: ["ocppspec"]),
        .library(name: "OCPPProtocol", targets: ["OCPPProtocol"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
    ],
    targets: [
        .target(name: "OCPPProtocol"),
        .target(
            name: "OCPPTransport",
            dependencies: [
                "OCPPProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TestPKI",
            dependencies: [
                "OCPPProtocol",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ConformanceKit",
            dependencies: [
                "OCPPProtocol", "OCPPTransport", "TestPKI",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "ConformanceReports", dependencies: ["ConformanceKit", "OCPPProtocol"], exclude: ["README.md"]),
        .target(name: "ReferenceDevices", dependencies: ["OCPPProtocol", "OCPPTransport", "TestPKI", .product(name: "X509", package: "swift-certificates")]),
        // Glue between the engine and the reference devices: built-in DUTs for demo and selftest.
        .target(name: "BuiltinDUT", dependencies: ["ConformanceKit", "ReferenceDevices", "OCPPProtocol", "OCPPTransport", "TestPKI"]),
        .executableTarget(
            name: "ocppspec",
            dependencies: [
                "OCPPProtocol", "OCPPTransport", "TestPKI", "ConformanceKit", "ConformanceReports",
                "ReferenceDevices", "BuiltinDUT",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            plugins: ["GitCommitPlugin"]
        ),
        // Writes the git commit into the ocppspec binary at build time (`ocppspec --version`, reports).
        .plugin(name: "GitCommitPlugin", capability: .buildTool()),
        .executableTarget(name: "ValidationBenchmark", dependencies: ["OCPPProtocol"], path: "Benchmarks/ValidationBenchmark"),
        .executableTarget(
            name: "TransportBenchmark",
            dependencies: [
                "OCPPProtocol", "OCPPTransport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            path: "Benchmarks/TransportBenchmark"
        ),
        .testTarget(name: "OCPPProtocolTests", dependencies: ["OCPPProtocol"]),
        .testTarget(
            name: "OCPPTransportTests",
            dependencies: [
                "OCPPTransport", "OCPPProtocol", "TestPKI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "TestPKITests", dependencies: ["TestPKI"]),
        .testTarget(name: "ConformanceKitTests", dependencies: ["ConformanceKit", "OCPPProtocol", "OCPPTransport"]),
        .testTarget(
            name: "BuiltinDUTTests",
            dependencies: ["BuiltinDUT", "ConformanceKit", "ReferenceDevices", "OCPPProtocol", "OCPPTransport", "TestPKI", .product(name: "NIOPosix", package: "swift-nio")],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "ocppspecCLITests", dependencies: ["ocppspec"], exclude: ["Fixtures"]),
        .testTarget(name: "ReferenceDevicesTests", dependencies: ["ReferenceDevices", "OCPPProtocol", "OCPPTransport"]),
        .executableTarget(
            name: "ReportsSignalProbe",
            dependencies: ["ConformanceReports", "ConformanceKit", "OCPPProtocol"],
            path: "Tests/ReportsSignalProbe"
        ),
        .testTarget(
            name: "ConformanceReportsTests",
            dependencies: ["ConformanceReports", "ConformanceKit", "OCPPProtocol", "ReportsSignalProbe"],
            exclude: ["Golden", "Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
