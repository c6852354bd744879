import Foundation

/// Where the harness's message ids come from: a random tag fixed for the run (the process) and a
/// counter shared by every case, so that no id repeats within a run, on any connection, nor in
/// another run. OCPP-J 2.0.1 Part 4 §4.1.4 forbids reusing an id on any connection (retries
/// included) and 1.6 within one connection; a CSMS that de-duplicates requests by id would
/// otherwise answer a later case from its replay store.
///
/// Ids look like `ocppspec-3f9c0a1b2d4e-17`: 22 characters before the counter, so the counter may
/// grow to 14 digits within OCPP-J's 36-character limit.
public final class MessageIdSource: @unchecked Sendable {
    /// The source of this run (one per process: `ocppspec run`, `demo`, a test process).
    public static let run = MessageIdSource()

    /// The id before the counter: `ocppspec-` and 12 random hexadecimal digits.
    public let prefix: String
    private let lock = NSLock()
    private var counter: UInt64 = 0

    /// - Parameter tag: the random part (12 hexadecimal digits drawn now when nil).
    public init(tag: String? = nil) {
        let random = tag ?? String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))
        prefix = "ocppspec-" + random
    }

    /// The next id of the run.
    public func next() -> String {
        let n = lock.withLock {
            counter += 1
            return counter
        }
        return "\(prefix)-\(n)"
    }
}
