from django.urls import path

from caringcity.people import views

app_name = "people"

P = "c/<slug:slug>/people/<uuid:person_uuid>/"
O = "c/<slug:slug>/groups/<uuid:organisation_uuid>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("two-factor-needed/", views.two_factor_required, name="two_factor_required"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("c/<slug:slug>/", views.commons_home, name="commons"),
    path("c/<slug:slug>/people/", views.person_list, name="person_list"),
    path("c/<slug:slug>/people/new/", views.person_create, name="person_create"),
    path("c/<slug:slug>/invitations/", views.invitation_list, name="invitation_list"),
    path("c/<slug:slug>/invitations/<uuid:invitation_uuid>/cancel/", views.invitation_revoke, name="invitation_revoke"),
    path(P, views.person_detail, name="person_detail"),
    path(P + "edit/", views.person_edit, name="person_edit"),
    path(P + "role/", views.person_role, name="person_role"),
    path(P + "login/", views.person_give_login, name="person_give_login"),
    path(P + "privacy/", views.privacy, name="privacy"),
    path(P + "privacy/who-looked/", views.access_log, name="access_log"),
    path(P + "privacy/permissions/new/", views.grant_create, name="grant_create"),
    path(P + "privacy/permissions/<uuid:grant_uuid>/end/", views.grant_revoke, name="grant_revoke"),
    path(P + "privacy/emergency-contacts/new/", views.emergency_contact_create, name="emergency_contact_create"),
    path(P + "privacy/emergency-contacts/<uuid:contact_uuid>/end/", views.emergency_contact_end, name="emergency_contact_end"),
    path(P + "proxies/new/", views.proxy_create, name="proxy_create"),
    path(P + "proxies/<uuid:proxy_uuid>/end/", views.proxy_end, name="proxy_end"),
    path(P + "emergency/", views.emergency_access, name="emergency_access"),
    path(P + "emergency/<uuid:access_uuid>/end/", views.emergency_access_end, name="emergency_access_end"),
    path(P + "getting-support/", views.getting_profile, name="getting_profile"),
    path(P + "getting-support/change/<slug:section>/", views.getting_profile_edit, name="getting_profile_edit"),
    path(P + "getting-support/share/", views.profile_sharing, name="profile_sharing"),
    path(P + "getting-support/print/", views.getting_profile_print, name="getting_profile_print"),
    path("c/<slug:slug>/giving-support/", views.giving_profile_list, name="giving_profile_list"),
    path(P + "giving-support/", views.giving_profile, name="giving_profile"),
    path(P + "giving-support/change/<slug:step>/", views.giving_profile_edit, name="giving_profile_edit"),
    path(P + "giving-support/qualifications/", views.qualification_list, name="qualification_list"),
    path(P + "giving-support/qualifications/<uuid:qualification_uuid>/remove/", views.qualification_remove, name="qualification_remove"),
    path(P + "giving-support/print/", views.giving_profile_print, name="giving_profile_print"),
    path("c/<slug:slug>/groups/", views.organisation_list, name="organisation_list"),
    path("c/<slug:slug>/groups/new/", views.organisation_create, name="organisation_create"),
    path(O, views.organisation_detail, name="organisation_detail"),
    path(O + "edit/", views.organisation_edit, name="organisation_edit"),
    path(O + "members/add/", views.organisation_member_add, name="organisation_member_add"),
    path(O + "members/<uuid:link_uuid>/remove/", views.organisation_member_remove, name="organisation_member_remove"),
]
