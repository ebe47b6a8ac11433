def match(request, slug, team_uuid):
    raise NotImplementedError


match_invite = call_out_list = call_out_detail = match_report = match
