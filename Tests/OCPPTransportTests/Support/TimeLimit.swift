import Foundation

/// A test step that took longer than its bound.
struct TimedOut: Error, CustomStringConvertible {
    let what: String
    let limit: Duration
    var description: String { "Expected \(what) within \(limit), but it did not finish in time." }
}

/// Runs `body` and fails with ``TimedOut`` if it has not finished within `limit`, cancelling it, so
/// that no loopback test can hang CI.
func withTimeLimit<T: Sendable>(
    _ limit: Duration = .seconds(20), _ what: String = "the test", _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw TimedOut(what: what, limit: limit)
        }
        return value
    }
}
