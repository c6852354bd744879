import Testing
@testable import TestPKI
@Test func placeholderPKI() { #expect(Bool(true)) }
