"""LibreOffice accepts, then rejects, every tracked change of a DOCX and reports the text.

Run by the system Python that has LibreOffice's UNO bridge (Debian: python3-uno), not by the
project's virtual environment: ``python3 tests/lo_review.py FILE.docx PROFILE_DIR``. Prints
JSON: {"accept": [[style, text], ...], "reject": [...]}, the body's paragraphs as Writer has
them after "Accept All" and after "Reject All" (.uno:AcceptAllTrackedChanges and
.uno:RejectAllTrackedChanges, what the Edit > Track Changes menu runs).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import uno  # noqa: I001 (LibreOffice's bridge, installed with the system Python)
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _property(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(pipe: str):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(600):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # noqa: BLE001 (not listening yet)
            time.sleep(0.1)
    raise SystemExit("LibreOffice did not start")


def main(path: str, profile: str) -> None:
    pipe = f"brevgen-review-{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible",
         "--norestore", "--nologo", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    desktop = None
    try:
        context = _connect(pipe)
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        result = {}
        for name, action in (("accept", "AcceptAll"), ("reject", "RejectAll")):
            url = uno.systemPathToFileUrl(os.path.abspath(path))
            document = desktop.loadComponentFromURL(url, "_blank", 0, (_property("Hidden", True),))
            frame = document.getCurrentController().getFrame()
            dispatcher.executeDispatch(frame, f".uno:{action}TrackedChanges", "", 0, ())
            paragraphs = []
            items = document.getText().createEnumeration()
            while items.hasMoreElements():
                item = items.nextElement()
                if item.supportsService("com.sun.star.text.Paragraph"):
                    paragraphs.append([item.ParaStyleName, item.getString()])
            result[name] = paragraphs
            document.close(True)
        print(json.dumps(result, ensure_ascii=False))
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:  # noqa: BLE001 (the bridge goes down with it)
                pass
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
