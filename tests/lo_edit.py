# ruff: noqa: E501  (WordprocessingML and LibreOffice settings, kept as written)
"""LibreOffice as a clearance reviewer: a Basic macro, run headless in a private profile,
opens our DOCX with record-changes on, edits it, comments on it and saves it as Word.

One soffice run per call (about a second); the profile folder is the caller's (tmp_path),
so parallel test runs never share LibreOffice's lock.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

_LIBS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">
<library:libraries xmlns:library="http://openoffice.org/2000/library" xmlns:xlink="http://www.w3.org/1999/xlink">
 <library:library library:name="Standard" xlink:href="$(USER)/basic/Standard/script.xlb/" xlink:type="simple" library:link="false"/>
</library:libraries>
"""
_LIB = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Module1"/>
</library:library>
"""
_MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">{code}</script:module>
"""
_USER = """<item oor:path="/org.openoffice.UserProfile/Data"><prop oor:name="givenname" oor:op="fuse"><value>{name}</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Display"><prop oor:name="ShowAnnotations" oor:op="fuse"><value>false</value></prop></item>
"""

_PRELUDE = """
Global Looking As String

Function Find(doc, what)
  Looking = what
  sd = doc.createSearchDescriptor()
  sd.SearchString = what
  Find = doc.findFirst(sd)
  If IsNull(Find) Then Error 9
End Function
"""


def _basic(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@dataclass
class Review:
    """What the reviewer does to one file, in order, then saves it as DOCX."""

    source: Path
    target: Path
    tracked: bool = True
    steps: list[str] = field(default_factory=list)

    def replace(self, old: str, new: str) -> Review:
        """Replace the first `old` with `new` (a tracked deletion and insertion)."""
        self.steps.append(f"r = Find(doc, {_basic(old)})\n  r.setString({_basic(new)})")
        return self

    def add_paragraph_after(self, anchor: str, text: str) -> Review:
        """A new paragraph after the one holding `anchor`."""
        self.steps.append(
            f"r = Find(doc, {_basic(anchor)})\n"
            "  c = r.Text.createTextCursorByRange(r.End)\n"
            "  c.gotoEndOfParagraph(False)\n"
            "  c.Text.insertControlCharacter(c, com.sun.star.text.ControlCharacter.PARAGRAPH_BREAK, False)\n"
            f"  c.Text.insertString(c, {_basic(text)}, False)"
        )
        return self

    @property
    def commented(self) -> bool:
        return any("Annotation" in step for step in self.steps)

    def comment(self, on: str, text: str, author: str) -> Review:
        """A comment marking the text `on`."""
        self.steps.append(
            f"r = Find(doc, {_basic(on)})\n"
            '  a = doc.createInstance("com.sun.star.text.textfield.Annotation")\n'
            f"  a.Author = {_basic(author)}\n"
            f"  a.Content = {_basic(text)}\n"
            "  r.Text.insertTextContent(r, a, True)"
        )
        return self

    def code(self, n: int) -> str:
        body = "\n  ".join(self.steps)
        return f"""
Sub Review{n}
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden" : args(0).Value = True
  doc = StarDesktop.loadComponentFromURL({_basic(self.source.resolve().as_uri())}, "_blank", 0, args())
  doc.RecordChanges = {"True" if self.tracked else "False"}
  {body}
  Dim save(0) As New com.sun.star.beans.PropertyValue
  save(0).Name = "FilterName" : save(0).Value = "MS Word 2007 XML"
  doc.storeToURL({_basic(self.target.resolve().as_uri())}, save())
End Sub
"""


def _soffice(profile: Path, *args: str, timeout: int) -> None:
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
         "--norestore", *args],
        check=True,
        timeout=timeout,
        capture_output=True,
    )  # fmt: skip


def run_reviews(profile: Path, reviewer: str, reviews: list[Review], timeout: int = 120) -> None:
    """Every review in one soffice run, as `reviewer` (the author of the tracked changes).

    A new profile is made first (LibreOffice's first start writes its own macro library
    over anything put there before).
    """
    commented = [r for r in reviews if r.commented]
    assert len(commented) <= 1, "one commented review per run"
    reviews = [r for r in reviews if not r.commented] + commented
    user = profile / "user"
    if not (user / "basic" / "Standard").is_dir():
        _soffice(profile, "--terminate_after_init", timeout=timeout)
    (user / "basic" / "Standard").mkdir(parents=True, exist_ok=True)
    (user / "basic" / "script.xlc").write_text(_LIBS, "utf-8")
    (user / "basic" / "Standard" / "script.xlb").write_text(_LIB, "utf-8")
    subs = "".join(r.code(n) for n, r in enumerate(reviews))
    calls = "\n".join(f"  Review{n}" for n in range(len(reviews)))
    failed = profile / "failed.txt"
    failed.unlink(missing_ok=True)
    # A Basic error would open a dialog that nobody can close: write it down and quit.
    code = (
        _PRELUDE
        + subs
        + f"\nSub Main\n  On Error GoTo Failed\n{calls}\n  StarDesktop.terminate()\n  Exit Sub\nFailed:\n"
        + f"  f = FreeFile\n  Open {_basic(str(failed.resolve()))} For Output As #f\n"
        + '  Print #f, Error$ & " (looking for: " & Looking & ")"\n  Close #f\n'
        + "  StarDesktop.terminate()\nEnd Sub\n"
    )
    (user / "basic" / "Standard" / "Module1.xba").write_text(
        _MODULE.format(code=escape(code)), "utf-8"
    )
    # Added to the profile's settings, not replacing them: a profile without its first-start
    # settings is made afresh, macro library and all.
    settings = user / "registrymodifications.xcu"
    text = settings.read_text("utf-8").replace(
        "</oor:items>", _USER.format(name=escape(reviewer)) + "</oor:items>"
    )
    settings.write_text(text, "utf-8")
    try:
        _soffice(profile, "macro:///Standard.Module1.Main", timeout=timeout)
    except subprocess.CalledProcessError:
        # LibreOffice 7.4 headless aborts on the next event after a comment is added (its
        # comment window cannot be built without a display): by then the file is saved, so
        # the commented review runs last and a crash after every file is written is no error.
        if not (commented and all(r.target.is_file() for r in reviews)):
            raise
    if failed.is_file():
        raise AssertionError(f"LibreOffice macro failed: {failed.read_text('utf-8').strip()}")
    for review in reviews:
        assert review.target.is_file(), f"LibreOffice wrote no {review.target}"
