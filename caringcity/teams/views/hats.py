from django.http import HttpResponse


def hats(request, slug, team_uuid):
    raise NotImplementedError


hat_create = hat_nominate = hat_term_action = hats
