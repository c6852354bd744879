// The ConformanceReports module; see DESIGN.md. Its contents arrive with their issue.
