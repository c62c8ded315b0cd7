"""What every page needs to know of the signed-in user: their roles, and whether they see
who reviewed and the notes of a history."""

from api.permissions import EDITORS, FACT_CHECKERS, sees_internal_notes, sees_reviewers, user_roles


def roles(request) -> dict:
    user = getattr(request, "user", None)
    held = user_roles(user)
    return {
        "is_editor": EDITORS in held,
        "is_fact_checker": FACT_CHECKERS in held,
        "role_names": ", ".join(sorted(r.replace("-", " ")[:-1] for r in held)),
        "sees_reviewers": sees_reviewers(user),
        "sees_internal_notes": sees_internal_notes(user),
    }
