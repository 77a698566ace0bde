"""UserError: a problem the user can fix; the CLI prints it without a traceback (exit 1)."""


class UserError(Exception):
    """An error in user input (file, config, data) reported as one clear paragraph."""

    exit_code = 1


class CheckFailed(UserError):
    """A check ran and found a problem (flash hazard, strict rejects): exit code 3."""

    exit_code = 3
