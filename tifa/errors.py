"""tifa's exceptions: one root, specific subclasses, messages that name the file and what to do.

Each error carries the exit code the command line ends with (`exit_code`): 1 when a file or a
connection failed, 2 for bad usage or configuration (see the table in README.md).
"""


class TifaError(Exception):
    """Root of every error tifa reports to the user as one clean line (exit code 1)."""

    exit_code = 1


class SourceError(TifaError):
    """An input file that cannot be read at all (missing, empty, binary, undecodable)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{printable(path)}: {problem}")
        self.path = printable(path)
        self.problem = problem


class ConfigError(TifaError):
    """A bad setting, flag or configuration file (exit code 2)."""

    exit_code = 2


def printable(text: str) -> str:
    """Return `text` writable as UTF-8: bytes a file name holds that are not UTF-8 (kept by
    Python as lone surrogates) become `\\xff` escapes, so the name can be printed and stored."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is no escaped byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
