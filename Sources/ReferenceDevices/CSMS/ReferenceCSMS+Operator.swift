import OCPPProtocol

extension ReferenceCSMS {
    /// An operator's request, done once the CSMS has sent it (a click, or a hook answering at
    /// once): the answer comes to the station's side as a message, and the CSMS waits for it in
    /// the background. So a second operator action can start while the first request is still
    /// open, as it can on a real CSMS; the OCPP-J one-outstanding-CALL cases (OCPPJ_03_CSMS) need
    /// that, in process and over the simulator's control port alike.
    /// - Throws: what ``perform(action:arguments:stationId:onSent:)`` throws before the request
    ///   went out (no station, an unknown action); errors after that are the answer's, not the
    ///   operator's.
    public func performOnceSent(action: String, arguments: JSONValue = .object(JSONObject()), stationId: String? = nil) async throws {
        let (sent, signal) = AsyncStream.makeStream(of: Result<Void, any Error>.self)
        Task {
            do {
                _ = try await self.perform(action: action, arguments: arguments, stationId: stationId, onSent: { signal.yield(.success(())) })
            } catch {
                signal.yield(.failure(error))
            }
            signal.finish()
        }
        for await outcome in sent {
            if case .failure(let error) = outcome { throw error }
            return
        }
    }
}
