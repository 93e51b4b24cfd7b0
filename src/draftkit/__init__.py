"""draftkit: ministerial letter drafting from debates and approved policy snippets."""

__version__ = "0.1.0"
