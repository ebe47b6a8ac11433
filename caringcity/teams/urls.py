from django.urls import path

from caringcity.teams import views

app_name = "teams"

C = "c/<slug:slug>/"
T = "c/<slug:slug>/teams/<uuid:team_uuid>/"

urlpatterns = [
    # teams, members, noticeboard, promises, trust (views/team.py)
    path(C + "teams/", views.team_list, name="team_list"),
    path(C + "teams/new/", views.team_create, name="team_create"),
    path(T, views.team_detail, name="team_detail"),
    path(T + "edit/", views.team_edit, name="team_edit"),
    path(T + "print/", views.team_print, name="team_print"),
    path(T + "invite/", views.member_invite, name="member_invite"),
    path(T + "members/<uuid:member_uuid>/<str:action>/", views.member_action, name="member_action"),
    path(T + "notices/", views.notice_post, name="notice_post"),
    path(T + "promises/", views.promises, name="promises"),
    path(T + "trust/", views.trust_assessment, name="trust_assessment"),
    # hats (views/hats.py)
    path(T + "hats/", views.hats, name="hats"),
    path(T + "hats/new/", views.hat_create, name="hat_create"),
    path(T + "hats/<uuid:hat_uuid>/nominate/", views.hat_nominate, name="hat_nominate"),
    path(T + "hats/terms/<uuid:term_uuid>/<str:action>/", views.hat_term_action, name="hat_term_action"),
    # stages (views/stages.py)
    path(T + "stage/", views.stage, name="stage"),
    # matching, call-outs, report (views/matching.py)
    path(T + "match/", views.match, name="match"),
    path(T + "match/invite/<uuid:profile_uuid>/", views.match_invite, name="match_invite"),
    path(C + "call-outs/", views.call_out_list, name="call_out_list"),
    path(C + "call-outs/<uuid:call_out_uuid>/", views.call_out_detail, name="call_out_detail"),
    path(C + "teams/report/", views.match_report, name="match_report"),
]
