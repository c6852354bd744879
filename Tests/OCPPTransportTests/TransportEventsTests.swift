import Testing

@testable import OCPPTransport

@Suite struct TransportEventsTests {
    @Test("Events come out in order, including those that waited while the consumer was busy, then the sequence ends after `.closed`")
    func orderAndEnd() async {
        let (events, producer) = TransportEvents.make()
        for index in 0..<3 { producer.yield(.text("\(index)", at: .now)) }
        producer.yield(.closed(code: 1000, reason: "", at: .now))
        producer.yield(.text("after the end", at: .now))
        var iterator = events.makeAsyncIterator()
        let drained = await drain(&iterator)
        #expect(drained.compactMap(\.text) == ["0", "1", "2"])
        #expect(drained.last?.isClosed == true)
        #expect(drained.count == 4)
        #expect(await iterator.next() == nil)
    }

    @Test("A consumer waiting for an event gets it from another task")
    func waitingConsumer() async {
        let (events, producer) = TransportEvents.make()
        async let received: [TransportEvent] = {
            var iterator = events.makeAsyncIterator()
            return await drain(&iterator)
        }()
        try? await Task.sleep(for: .milliseconds(10))
        producer.yield(.text("hello", at: .now))
        producer.yield(.closed(code: nil, reason: "gone", at: .now))
        let all = await received
        #expect(all.compactMap(\.text) == ["hello"])
        #expect(all.last?.isClosed == true)
    }

    @Test("Cancelling the waiting task ends its iteration instead of leaving it waiting")
    func cancellation() async {
        let (events, producer) = TransportEvents.make()
        let consumer = Task {
            var count = 0
            for await _ in events { count += 1 }
            return count
        }
        producer.yield(.ping(at: .now))
        try? await Task.sleep(for: .milliseconds(10))
        consumer.cancel()
        #expect(await consumer.value == 1)
    }

    @Test("When the owner handles cancellation (the server's onConnection), cancelling its task still ends the waiting iteration")
    func ownerHandledCancellation() async throws {
        let (events, producer) = TransportEvents.make()
        let finished = Finished()
        let consumer = Task {
            await producer.endsWhenCancelled {
                var count = 0
                for await _ in events { count += 1 }
                await finished.set()
                return count
            }
        }
        producer.yield(.ping(at: .now))
        try await Task.sleep(for: .milliseconds(10))
        consumer.cancel()
        var waited = Duration.zero
        while !(await finished.value), waited < .seconds(2) {
            try await Task.sleep(for: .milliseconds(10))
            waited += .milliseconds(10)
        }
        let endedByCancellation = await finished.value
        // Without the owner's handler the consumer would wait for ever: release it so that the
        // test fails instead of hanging.
        producer.finish()
        #expect(endedByCancellation, "the consumer still waited 2 s after its task was cancelled")
        #expect(await consumer.value == 1)
    }

    private actor Finished {
        var value = false
        func set() { value = true }
    }

    @Test("An actor-isolated consumer iterates the events on its own executor")
    func actorConsumer() async {
        actor Collector {
            var texts: [String] = []
            func collect(_ events: TransportEvents) async {
                for await event in events {
                    if let text = event.text { texts.append(text) }
                }
            }
        }
        let (events, producer) = TransportEvents.make()
        let collector = Collector()
        async let done: Void = collector.collect(events)
        producer.yield(.text("a", at: .now))
        producer.yield(.text("b", at: .now))
        producer.yield(.closed(code: 1000, reason: "", at: .now))
        await done
        #expect(await collector.texts == ["a", "b"])
    }
}

@Suite struct MonotonicInstantTests {
    @Test("An instant converts to ContinuousClock.Instant and back without loss, and orders and measures like it")
    func matchesContinuousClock() {
        let clockNow = ContinuousClock.now
        let earlier = clockNow.advanced(by: .milliseconds(-1500))
        let later = clockNow.advanced(by: .nanoseconds(7))
        for instant in [clockNow, earlier, later] {
            #expect(MonotonicInstant(instant).instant == instant)
        }
        let (a, b) = (MonotonicInstant(earlier), MonotonicInstant(later))
        #expect(a < b)
        #expect(!(b < a))
        #expect(a.duration(to: b) == earlier.duration(to: later))
        #expect(b.duration(to: a) == .zero - earlier.duration(to: later))
        #expect(MonotonicInstant(later) == b)
    }

    @Test("now reads the continuous clock: it lies between two readings taken around it")
    func nowIsTheClock() {
        let before = ContinuousClock.now
        let now = MonotonicInstant.now
        let after = ContinuousClock.now
        #expect(before <= now.instant)
        #expect(now.instant <= after)
    }
}
