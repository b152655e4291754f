"""The answers of these endpoints when a request cannot be answered, always JSON, as the rest of
the archive's API answers (archive/api.py): {"error", "detail", "parameter"}; a 400 names the
parameter (a query parameter, "url" or "timestamp" in the path, or the Accept-Datetime header),
and a 404 for an address never captured lists the closest addresses held ("closest")."""

from archive.api import bad_parameter, json_error
from archive.wayback import holdings


class BadParameter(ValueError):
    """A parameter of a request that cannot be read: which, and why."""

    def __init__(self, parameter, detail):
        super().__init__(detail)
        self.parameter, self.detail = parameter, detail

    def response(self):
        return bad_parameter(self.parameter, self.detail)


def not_held(address, key):
    """404: no capture of this address is shown; the addresses held nearest it."""
    return json_error(
        404,
        "not_found",
        f"No Captures found for: {address}",
        parameter="url",
        closest=holdings.neighbours(key),
    )
