"""Whole-terminal screens of the TUI."""
