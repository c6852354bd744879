// Streams synthetic case results slowly through a ReportSession with SignalTrap installed, so that
// ConformanceReportsTests can interrupt it with SIGINT half way and check the partial reports.
//
// usage: ReportsSignalProbe <folder> [cases] [milliseconds between cases] [extra frames per case]
// Prints "reported <n>" after the reports of the n-th case are on disk.
import ConformanceKit
import ConformanceReports
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: ReportsSignalProbe <folder> [cases] [milliseconds between cases] [extra frames per case]\n".utf8))
    exit(2)
}
let folder = URL(fileURLWithPath: arguments[1])
let count = arguments.count > 2 ? Int(arguments[2]) ?? 10 : 10
let pause = arguments.count > 3 ? Int(arguments[3]) ?? 300 : 300
let extraFrames = arguments.count > 4 ? Int(arguments[4]) ?? 0 : 0

let start = Date(timeIntervalSince1970: 1_795_593_600)
let run = RunInfo(runId: folder.lastPathComponent, startedAt: start, dutDescription: "signal probe station", dutRole: .chargingStation,
                  harnessVersion: "probe", selection: "synthetic")
let planned = (1...count).map { i in
    CaseInfo(id: String(format: "TC_B_%02d_CS", i), name: "Synthetic case \(i)", version: .v201, dutRole: .chargingStation,
             block: "B", blockName: "B Provisioning", profiles: ["Core"], requirements: ["B01.FR.01"], purpose: "A case of the signal probe.")
}

let session = try ReportSession(folder: folder, redactor: Redactor(secrets: ["probe-secret"]))
let trap = SignalTrap.install(immediate: { session.interruptNow() }, finalizer: { await session.interrupt() })

await session.runStarted(run, planned: planned)
for (i, info) in planned.enumerated() {
    await session.caseStarted(info)
    try await Task.sleep(for: .milliseconds(pause))
    let at = start.addingTimeInterval(Double(i))
    // Extra MeterValues frames make the reports as large as a long real run's, to see the cost of
    // rewriting them after every case.
    let meterValues = (0..<extraFrames).map { k in
        TraceEntry(kind: .fromDUT, offset: .milliseconds(10 + k), timestamp: at,
                   text: #"[2,"m\#(k)","MeterValues",{"evseId":1,"meterValue":[{"timestamp":"2026-11-25T08:00:00Z","sampledValue":[{"value":\#(k),"measurand":"Energy.Active.Import.Register"}]}]}]"#,
                   summary: "CALL MeterValues", messageId: "m\(k)", step: 1)
    }
    let trace = [
        TraceEntry(kind: .fromDUT, offset: .milliseconds(5), timestamp: at, text: #"[2,"\#(i)","Heartbeat",{}]"#, summary: "CALL Heartbeat", messageId: "\(i)", step: 1),
        TraceEntry(kind: .toDUT, offset: .milliseconds(6), timestamp: at, text: #"[3,"\#(i)",{"currentTime":"2026-11-25T08:00:00Z"}]"#, summary: "CALLRESULT", messageId: "\(i)", step: 1),
        TraceEntry(kind: .note, offset: .milliseconds(7), timestamp: at, text: "password probe-secret must not appear", step: 1),
    ] + meterValues
    let verdict = i % 3 == 1 ? Verdict(kind: .fail, reason: "synthetic failure", requirements: ["B01.FR.01"]) : .passed
    await session.caseFinished(CaseResult(info: info, verdict: verdict, startedAt: at, duration: .milliseconds(pause), trace: trace))
    // Unbuffered, so that the test sees each line the moment the case's reports are on disk.
    FileHandle.standardOutput.write(Data("reported \(i + 1)\n".utf8))
}
await session.runFinished(run, results: [], interrupted: false)
trap.cancel()
FileHandle.standardOutput.write(Data("finished\n".utf8))
