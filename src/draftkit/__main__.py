"""`python -m draftkit`."""

from draftkit.program import main

main()
