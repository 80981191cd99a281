"""tifa's exceptions: one root, specific subclasses, messages that name the file and what to do."""


class TifaError(Exception):
    """Root of every error tifa reports to the user as one clean line."""


class SourceError(TifaError):
    """An input file that cannot be read at all (missing, empty, binary, undecodable)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class ConfigError(TifaError):
    """A bad setting, flag or configuration file."""
