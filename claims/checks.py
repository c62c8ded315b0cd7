"""System checks of stored data (``manage.py check --database default``; ``migrate`` runs
them too)."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from articles.links import is_web_link


@register(Tags.database)
def evidence_links_check(app_configs, databases=None, **kwargs):
    """Claims whose evidence links are not all http(s) addresses: stored before links were
    validated (a ``javascript:`` link saved in the admin). Pages show such a link as text,
    never as a link; a fact-checker should set the claim's links again."""
    from .models import Claim

    warnings = []
    for alias in databases or ():
        try:
            rows = Claim.objects.using(alias).values_list("pk", "evidence_links")
            bad = [
                pk
                for pk, links in rows.iterator()
                if not isinstance(links, list) or not all(is_web_link(link) for link in links)
            ]
        except DatabaseError:  # not migrated yet
            continue
        if bad:
            shown = ", ".join(str(pk) for pk in bad[:20])
            warnings.append(
                Warning(
                    f"{len(bad)} claim(s) have evidence links that are not http(s) addresses"
                    f" (ids {shown}{', …' if len(bad) > 20 else ''}).",
                    hint="Pages show them as text, not links. Set their links again on the"
                    " claim's page or with POST /api/v1/claims/{id}/verdict/.",
                    obj=f"database {alias}",
                    id="claims.W001",
                )
            )
    return warnings
