import ArgumentParser
import ConformanceKit

/// Which verdicts fail a run: `--strict` and `--allow-inconclusive` (DESIGN.md, Verdicts).
struct VerdictOptions: ParsableArguments {
    @Flag(help: "Fail the run on a non-strict verdict too: a recommendation (SHOULD) the device did not meet, such as OCPP-J 1.6's concurrent CALLs.")
    var strict = false

    @Flag(help: "Do not fail the run on inconclusive cases (a pre-condition not reached, an operator who did not act). By default they fail it with exit code 4: a gate whose cases did not run has tested nothing.")
    var allowInconclusive = false

    var policy: VerdictPolicy { VerdictPolicy(strict: strict, allowInconclusive: allowInconclusive) }

    /// The exit-code paragraph of a command's help.
    static let exitCodes = "Exit codes: 0 every case passed (non-strict findings included unless --strict) or was not applicable, "
        + "1 a case failed (or, with --strict, missed a recommendation), 2 usage or configuration error, 3 a harness error, "
        + "4 a case was inconclusive (unless --allow-inconclusive) or no case applied to the device."
}
