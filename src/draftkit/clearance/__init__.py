"""Clearance rounds in Word: send the letter as an anchored DOCX, absorb what comes back.

`anchors` names the bookmarks around each block; `wordml` reads a returned DOCX
(hardened) into paragraphs placed by those bookmarks, with tracked changes and comments;
`absorb` turns them into changes to letter.yaml; `workflow` keeps the letter's states
(drafted, in_clearance, cleared, signed, dispatched) in the register.
"""
