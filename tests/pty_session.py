"""A command on a pseudo-terminal, driven like a person at the keyboard: wait, then type."""

from __future__ import annotations

import os
import select
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path


class Terminal:
    """The command's stdin, stdout and stderr are one pseudo-terminal, as in a real shell."""

    def __init__(self, argv: Sequence[str], cwd: Path, env: Mapping[str, str]) -> None:
        self.main, child = os.openpty()
        self.process = subprocess.Popen(
            list(argv), cwd=cwd, stdin=child, stdout=child, stderr=child, env=dict(env),
        )  # fmt: skip
        os.close(child)
        self.seen = ""
        self.screen = ""
        """Everything shown so far, with the terminal's \\r\\n as \\n."""

    def _read(self, wanted: str) -> bool:
        ready, _, _ = select.select([self.main], [], [], 60)
        assert ready, f"waited 60 s for {wanted!r}; the screen shows {self.screen!r}"
        try:
            chunk = os.read(self.main, 65536)
        except OSError:  # the command closed the terminal
            return False
        text = chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        self.seen += text
        self.screen += text
        return bool(chunk)

    def expect(self, text: str) -> str:
        """Everything printed up to and including `text` (fails after 60 s without it)."""
        while text not in self.seen:
            assert self._read(text), f"the command ended before {text!r}: {self.screen!r}"
        shown, self.seen = self.seen.split(text, 1)
        return shown + text

    def type(self, line: str) -> None:
        """Type a line and press Enter."""
        os.write(self.main, line.encode() + b"\r")

    def close(self) -> int:
        """Read what is left, wait for the command to end and return its exit code."""
        while self._read("the end"):
            pass
        code = self.process.wait(60)
        os.close(self.main)
        return code
