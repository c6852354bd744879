// The ConformanceKit module; see DESIGN.md. Its contents arrive with their issue.
