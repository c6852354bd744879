import OCPPTransport

extension TransportEvent {
    /// The text of a `.text` event.
    var text: String? {
        if case .text(let text, _) = self { return text }
        return nil
    }

    var isClosed: Bool {
        if case .closed = self { return true }
        return false
    }

    var closeCode: UInt16?? {
        if case .closed(let code, _, _) = self { return .some(code) }
        return .none
    }

    var violationMessage: String? {
        if case .violation(let message, _) = self { return message }
        return nil
    }
}

extension ServerEvent {
    var connection: (any MessageChannel)? {
        if case .connected(let channel) = self { return channel }
        return nil
    }

    var rejection: HandshakeRejection? {
        if case .rejected(let rejection) = self { return rejection }
        return nil
    }
}

/// Reads events until one matches, returning it and everything skipped before it.
func nextEvent(
    _ iterator: inout TransportEvents.Iterator, where predicate: (TransportEvent) -> Bool
) async -> (match: TransportEvent?, skipped: [TransportEvent]) {
    var skipped: [TransportEvent] = []
    while let event = await iterator.next() {
        if predicate(event) { return (event, skipped) }
        skipped.append(event)
    }
    return (nil, skipped)
}

/// Everything until the stream ends (it ends after `.closed`).
func drain(_ iterator: inout TransportEvents.Iterator) async -> [TransportEvent] {
    var events: [TransportEvent] = []
    while let event = await iterator.next() { events.append(event) }
    return events
}
