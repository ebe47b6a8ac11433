def stage(request, slug, team_uuid):
    raise NotImplementedError
