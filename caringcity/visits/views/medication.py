"""Views for the medication part of the visits app. Thin: parse, check permission, call one service, render."""

C = "c/<slug:slug>/"
T = "c/<slug:slug>/teams/<uuid:team_uuid>/"

urlpatterns = []
