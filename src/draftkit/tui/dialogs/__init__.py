"""Modal dialogs, each a `ModalScreen` returning a typed result."""
