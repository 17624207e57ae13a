"""Errors that stop start-up or a command with one line naming what is wrong."""


class ConfigError(Exception):
    """Bad configuration, catalogue, roster or data: the message names the file and key or line."""


class InputError(Exception):
    """Bad input to a command (a file, a line, a field)."""
