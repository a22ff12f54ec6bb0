"""Per-request figures every page shows (the officer's returned-items count)."""


def workflow(request):
    return {}
