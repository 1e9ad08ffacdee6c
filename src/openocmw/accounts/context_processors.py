from .tenancy import memberships_of


def tenancy(request):
    actor = getattr(request, "actor", None)
    if actor is None:
        return {"actor": None}
    return {
        "actor": actor,
        "memberships": actor.memberships or memberships_of(actor.user),
    }
