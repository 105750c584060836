"""Views: windows and dialogs composed from the generated forms, with no business logic."""
