#!/usr/bin/env python3
"""Reads a junit.xml with junitparser (an independent JUnit reader) and prints what it understood
as JSON, for ConformanceReportsTests to compare with the results it wrote.

usage: junit_summary.py junit.xml
"""
import json
import sys

from junitparser import Error, Failure, JUnitXml, Skipped, TestSuite


def main(path: str) -> None:
    xml = JUnitXml.fromfile(path)
    suites = [xml] if isinstance(xml, TestSuite) else list(xml)
    out = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0, "suites": []}
    for suite in suites:
        cases = []
        for case in suite:
            results = []
            for r in case.result:
                kind = {Failure: "failure", Error: "error", Skipped: "skipped"}.get(type(r), type(r).__name__)
                results.append({"kind": kind, "message": r.message, "type": r.type, "text": r.text})
            cases.append({
                "name": case.name,
                "classname": case.classname,
                "time": case.time,
                "results": results,
                "system_out": case.system_out,
                "system_err": case.system_err,
            })
        properties = {p.name: p.value for p in suite.properties()}
        out["suites"].append({
            "name": suite.name,
            "tests": suite.tests,
            "failures": suite.failures,
            "errors": suite.errors,
            "skipped": suite.skipped,
            "time": suite.time,
            "timestamp": suite.timestamp,
            "hostname": suite.hostname,
            "properties": properties,
            "cases": cases,
        })
        for key in ("tests", "failures", "errors", "skipped"):
            out[key] += getattr(suite, key) or 0
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
