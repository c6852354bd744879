import Foundation
import OCPPProtocol

// Validation throughput of ocppspec's schema validator (issue 2): how many payloads per second one
// core parses from text and validates. Run with: swift run -c release ValidationBenchmark

let secondsPerScenario = Double(CommandLine.arguments.dropFirst().first ?? "") ?? 3.0

func sampledValues(_ n: Int) -> String {
    let measurands = ["Energy.Active.Import.Register", "Power.Active.Import", "Current.Import", "Voltage", "SoC"]
    return (0..<n).map { i in
        #"{"value":\#(1000 + i).5,"context":"Sample.Periodic","measurand":"\#(measurands[i % measurands.count])","phase":"L1","location":"Outlet","unitOfMeasure":{"unit":"Wh","multiplier":0}}"#
    }.joined(separator: ",")
}

let transactionEvent = """
    {"eventType":"Updated","timestamp":"2024-05-06T10:20:30.123Z","triggerReason":"MeterValuePeriodic","seqNo":17,\
    "offline":false,"transactionInfo":{"transactionId":"f2c1a7d0-5a34-4c0e-9b55-3a8e1e2e9d11","chargingState":"Charging",\
    "timeSpentCharging":3600},"evse":{"id":1,"connectorId":1},"idToken":{"idToken":"04A2B3C4D5E6F7","type":"ISO14443"},\
    "meterValue":[{"timestamp":"2024-05-06T10:20:30Z","sampledValue":[\(sampledValues(2))]}]}
    """
let meterValues = """
    {"evseId":1,"meterValue":[{"timestamp":"2024-05-06T10:20:30Z","sampledValue":[\(sampledValues(10))]}]}
    """

struct Scenario {
    let name: String
    let action: String
    let text: String
}

let catalog = MessageCatalog.builtIn(.v201)
let validator = SchemaValidator()
let scenarios = [
    Scenario(name: "TransactionEvent request", action: "TransactionEvent", text: transactionEvent),
    Scenario(name: "MeterValues request, 10 sampled values", action: "MeterValues", text: meterValues),
]

print("ocppspec validation benchmark (OCPP 2.0.1, \(secondsPerScenario) s per scenario, one thread)")
for scenario in scenarios {
    guard let schema = catalog.schema(for: scenario.action, response: false) else { fatalError("no schema") }
    let bytes = Array(scenario.text.utf8)
    // Check the payload is valid first: a benchmark of the failure path would measure something else.
    let firstCheck = validator.validate(try JSONParser().parse(bytes), against: schema)
    precondition(firstCheck.isEmpty, "benchmark payload is invalid: \(firstCheck)")
    for (label, parse) in [("parse + validate", true), ("validate only", false)] {
        let parsed = try JSONParser().parse(bytes)
        var count = 0
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .seconds(secondsPerScenario)
        while clock.now < deadline {
            for _ in 0..<100 {
                let value = parse ? try JSONParser().parse(bytes) : parsed
                if !validator.isValid(value, against: schema) { fatalError("became invalid") }
            }
            count += 100
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = Double(count) / seconds
        print("  " + scenario.name.padding(toLength: 40, withPad: " ", startingAt: 0) + label.padding(toLength: 18, withPad: " ", startingAt: 0) + String(format: "%10.0f validations/s  (%.2f µs each, %d bytes)", rate, 1e6 / rate, bytes.count))
    }
}

// The server-side work per round trip of the transport benchmark: parse a CALL frame, validate its
// payload, and serialise the CALLRESULT.
do {
    let parser = FrameParser(version: .v201, catalog: catalog)
    let text = #"[2,"19223201","Heartbeat",{}]"#
    let responseSchema = catalog.schema(for: "Heartbeat", response: true)!
    var count = 0
    let clock = ContinuousClock()
    let start = clock.now
    let deadline = start + .seconds(secondsPerScenario)
    while clock.now < deadline {
        for _ in 0..<100 {
            guard case .call(let call) = try parser.parse(text), validator.isValid(call.payload, against: catalog.schema(for: call.action, response: false)!) else { fatalError() }
            let reply: JSONValue = ["currentTime": "2024-05-06T10:20:30Z"]
            precondition(validator.isValid(reply, against: responseSchema))
            let out = Frame.callResult(.init(messageId: call.messageId, payload: reply)).text
            precondition(!out.isEmpty)
        }
        count += 100
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(count) / seconds
    print("  " + "Heartbeat CALL in, CALLRESULT out".padding(toLength: 40, withPad: " ", startingAt: 0) + "parse+validate+out".padding(toLength: 18, withPad: " ", startingAt: 0) + String(format: "%10.0f round trips/s  (%.2f µs each)", rate, 1e6 / rate))
}
