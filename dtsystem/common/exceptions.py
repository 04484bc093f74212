"""Domain errors that are not validation errors. Pages show their message; the API answers 409."""


class DomainError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Conflict(DomainError):
    """Someone else changed the object since it was loaded; nothing was overwritten."""


class InvalidState(DomainError):
    """The action is not possible in the object's current state (an illegal transition, say)."""
