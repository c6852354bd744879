import Foundation
import OCPPProtocol

/// Tells an operator at the terminal what to do. The action counts as done when the operator
/// presses Enter, or as soon as the message the case waits for arrives (the engine cancels the
/// prompt); when neither happens within the timeout, the case is inconclusive.
public actor PromptActionDriver: ActionDriver {
    private let timeout: Duration
    private let output: @Sendable (String) -> Void
    private var pending: [Int: CheckedContinuation<ActionOutcome, Never>] = [:]
    private var order: [Int] = []
    private let lines: OperatorLines

    /// - Parameters:
    ///   - timeout: how long the operator has.
    ///   - output: where prompts are written (standard error by default, so reports on standard
    ///     output stay clean).
    public init(timeout: Duration, output: @escaping @Sendable (String) -> Void = { try? FileHandle.standardError.write(contentsOf: Data(($0 + "\n").utf8)) }) {
        self.timeout = timeout
        self.output = output
        self.lines = OperatorLines.shared
    }

    public func perform(id: Int, name: String, arguments: JSONValue, prompt: String) async -> ActionOutcome {
        output("\n>>> ACTION (\(name)): \(prompt)\n    Press Enter when done, or type n and Enter if it cannot be done here (the harness also continues by itself when the expected message arrives; \(Int(timeout.components.seconds)) s at most).")
        let timeout = self.timeout
        let lines = self.lines
        return await withTaskGroup(of: Void.self) { group in
            group.addTask { [weak self] in
                try? await Task.sleep(for: timeout)
                await self?.resolve(id, .timedOut(after: timeout))
            }
            group.addTask { [weak self] in
                if let line = await lines.nextLine() { await self?.resolve(id, Self.outcome(ofAnswer: line)) }
            }
            let outcome = await withCheckedContinuation { c in
                pending[id] = c
                order.append(id)
            }
            group.cancelAll()
            return outcome
        }
    }

    /// The operator's answer: "n", "no" or "unsupported" (any case) means the action cannot be
    /// done on this rig; anything else (Enter) that it was done.
    static func outcome(ofAnswer line: String) -> ActionOutcome {
        let answer = line.trimmingCharacters(in: .whitespaces).lowercased()
        return ["n", "no", "unsupported"].contains(answer) ? .unsupported("the operator answered \"\(line.trimmingCharacters(in: .whitespaces))\"") : .confirmed
    }

    public func cancel(id: Int) async {
        if pending[id] != nil { output("    (the expected message arrived: \(id) is done)") }
        resolve(id, .done)
    }

    private func resolve(_ id: Int, _ outcome: ActionOutcome) {
        guard let c = pending.removeValue(forKey: id) else { return }
        order.removeAll { $0 == id }
        c.resume(returning: outcome)
    }
}

/// Lines typed by the operator on standard input, read by one background thread for the whole
/// process (standard input can only be read blockingly, and only once).
final class OperatorLines: @unchecked Sendable {
    static let shared = OperatorLines()
    private let lock = NSLock()
    private var buffered: [String] = []
    private var waiters: [CheckedContinuation<String?, Never>] = []
    private var started = false
    private var ended = false

    func nextLine() async -> String? {
        startIfNeeded()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<String?, Never>) in
                lock.lock()
                if !buffered.isEmpty {
                    let l = buffered.removeFirst()
                    lock.unlock()
                    c.resume(returning: l)
                } else if ended || Task.isCancelled {
                    lock.unlock()
                    c.resume(returning: nil)
                } else {
                    waiters.append(c)
                    lock.unlock()
                }
            }
        } onCancel: {
            // A cancelled waiter gets nil; the next line goes to the next waiter instead.
            lock.lock()
            let w = waiters
            waiters = []
            lock.unlock()
            for c in w { c.resume(returning: nil) }
        }
    }

    private func startIfNeeded() {
        lock.lock()
        defer { lock.unlock() }
        guard !started else { return }
        started = true
        let thread = Thread { [self] in
            while let line = readLine(strippingNewline: true) {
                lock.lock()
                if waiters.isEmpty {
                    buffered.append(line)
                    lock.unlock()
                } else {
                    let c = waiters.removeFirst()
                    lock.unlock()
                    c.resume(returning: line)
                }
            }
            lock.lock()
            ended = true
            let w = waiters
            waiters = []
            lock.unlock()
            for c in w { c.resume(returning: nil) }
        }
        thread.start()
    }
}
