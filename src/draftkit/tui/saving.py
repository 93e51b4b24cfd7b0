"""Saving, conflicts and quitting as one conversation: `save_flow` returns what the user chose.

Every path that must save first (ctrl+s, quitting, batching) goes through it, so the
questions, their safe defaults (Cancel focused) and what each answer does to the file and
the autosave are written once.
"""

from __future__ import annotations

from typing import Literal

from textual.app import App

from ..draft import ChangedOnDisk, Draft, autosave_path
from ..errors import display_path
from .dialogs.choice import ChoiceDialog

#: What came of it: the work is in the file ("saved"), thrown away ("discarded"), set
#: aside in the autosave for the file on disk ("reloaded"), or nothing was done.
Outcome = Literal["saved", "discarded", "reloaded", "cancelled", "failed"]

#: Why the work must be saved first, and the buttons that say so.
ASK = {
    "quit": ("Unsaved changes", "Save your changes to {path} before quitting?", "Save and quit"),
    "batch": (
        "Save first",
        "The batch is recorded in the register as the saved letter. Save {path} now?",
        "Save and batch",
    ),
}


async def save_flow(app: App[object], draft: Draft, before: str | None = None) -> Outcome:
    """Save the draft, asking what to do if the file changed on disk meanwhile.

    `before` ("quit", "batch") first asks whether to save at all when there is unsaved
    work; quitting may also discard it. Must run in a worker (it waits for dialogs).
    """
    path = display_path(draft.path)
    if before is not None:
        if not draft.dirty:
            return "saved"
        title, question, yes = ASK[before]
        choices = [("save", yes)]
        if before == "quit":
            choices.append(("discard", "Quit without saving"))
        choices.append(("cancel", "Cancel"))
        choice = await app.push_screen_wait(
            ChoiceDialog(title, question.format(path=path), choices)
        )
        if choice == "discard":
            draft.discard_autosave()
            return "discarded"
        if choice != "save":
            return "cancelled"
    try:
        draft.save()
        return "saved"
    except ChangedOnDisk:
        pass
    except OSError as exc:
        app.notify(f"Could not save: {exc}", severity="error")
        return "failed"
    choice = await app.push_screen_wait(
        ChoiceDialog(
            "Changed on disk",
            f"{path} was changed by someone else after you opened it. Your work is kept "
            f"in {display_path(autosave_path(draft.path))} whatever you choose.",
            [("overwrite", "Overwrite with mine"), ("reload", "Load theirs"), ("cancel", "Cancel")],
        )
    )
    try:
        if choice == "overwrite":
            draft.save(force=True)
            return "saved"
        if choice == "reload":
            draft.set_aside_and_reload()
            return "reloaded"
    except OSError as exc:
        app.notify(f"Could not save: {exc}", severity="error")
        return "failed"
    return "cancelled"
