"""The Textual TUI behind `draftkit edit`: the only package that imports Textual.

Screens and widgets show things and pass on what the user asked for; every change to
the letter is made by the pure functions in `draftkit.editing`, kept by `draftkit.draft`.
"""
