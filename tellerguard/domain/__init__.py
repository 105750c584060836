"""Domain models and pure functions: cases, facts, assessments, events, masking. No Qt, no SQL."""
