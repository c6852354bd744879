import Foundation
import Testing
@testable import ConformanceKit
import OCPPProtocol

struct InterpolatorNowOffsetTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    var interpolator: Interpolator {
        Interpolator(context: ["config": ["interval": 3, "text": "2", "name": "x"]], now: now)
    }

    @Test func literalSecondsBeforeAndAfterNow() throws {
        #expect(try interpolator.interpolate(string: "{{now - 3}}") == .string(Interpolator.format(now.addingTimeInterval(-3))))
        #expect(try interpolator.interpolate(string: "{{now + 1.5}}") == .string(Interpolator.format(now.addingTimeInterval(1.5))))
    }

    @Test func secondsFromAPath() throws {
        #expect(try interpolator.interpolate(string: "{{now - config.interval}}") == .string(Interpolator.format(now.addingTimeInterval(-3))))
        #expect(try interpolator.interpolate(string: "{{now-config.text}}") == .string(Interpolator.format(now.addingTimeInterval(-2))))
    }

    @Test func plainNowIsUnchanged() throws {
        #expect(try interpolator.interpolate(string: "{{now}}") == .string(Interpolator.format(now)))
    }

    @Test func anOperandThatIsNoNumberIsAnError() {
        #expect(throws: Interpolator.Failure.self) { try interpolator.interpolate(string: "{{now - config.name}}") }
        #expect(throws: Interpolator.Failure.self) { try interpolator.interpolate(string: "{{now - config.missing}}") }
    }
}
