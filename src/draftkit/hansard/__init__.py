"""Debates from Parliament's record: ParlParse XML and the Hansard API, turned into cases.

`transcript.py` holds the source-neutral shape both readers produce; `questions.py`
and `undertakings.py` read it; `importer.py` turns one into `debate.yaml` and a
`letter.yaml` skeleton.
"""
