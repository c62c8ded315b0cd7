"""What every page needs to know of the signed-in user: their roles."""

from .permissions import EDITORS, FACT_CHECKERS, user_roles


def roles(request) -> dict:
    held = user_roles(getattr(request, "user", None))
    return {
        "is_editor": EDITORS in held,
        "is_fact_checker": FACT_CHECKERS in held,
        "role_names": ", ".join(sorted(r.replace("-", " ")[:-1] for r in held)),
    }
