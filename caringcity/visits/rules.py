"""Permissions for the rota and care records (django-rules). The object is a ``Team`` unless a
rule says otherwise. Queryset twins live in the selectors modules; tests hold them in agreement.

Who is who: the *owner's side* is the owner, their proxy and the team's current Team Starter;
*in the team* adds current members (including people on trial or working their notice); hats
are held terms of the team's hats. Organisers of the commons stand in for the coach until
circles exist."""

import rules

from caringcity.visits.access import record_standing


def _standing(attribute):
    """A predicate true when the user's record standing towards the team has ``attribute``."""
    return rules.predicate(lambda user, team: getattr(record_standing(user, team), attribute), name=attribute)


in_team = _standing("in_team")
is_current_member = _standing("is_current_member")
owner_side = _standing("owner_side")
is_rota_holder = _standing("is_rota_holder")
is_mar_holder = _standing("is_mar_holder")
is_safeguarding_lead = _standing("is_safeguarding_lead")
is_team_organiser = _standing("is_organiser")
is_paid_worker = _standing("is_paid_worker")


# the rota
rules.add_perm("visits.view_rota", in_team | is_team_organiser)
rules.add_perm("visits.plan_rota", owner_side | is_rota_holder)
rules.add_perm("visits.join_visit", is_current_member)
# visit logs
rules.add_perm("visits.view_logs", in_team)
rules.add_perm("visits.write_log", is_current_member | owner_side)
rules.add_perm("visits.change_record_settings", owner_side)
# care notes (each note's readers are checked on top; see selectors.notes)
rules.add_perm("visits.view_notes", in_team)
rules.add_perm("visits.write_note", in_team)
# medication
rules.add_perm("visits.view_mar", owner_side | is_mar_holder | is_paid_worker)
rules.add_perm("visits.manage_medicines", owner_side | is_mar_holder)
# concerns
rules.add_perm("visits.raise_concern", in_team)
rules.add_perm("visits.handle_concerns", is_safeguarding_lead | is_team_organiser)


# --- care notes and concerns (part: notes, concerns) -------------------------------------------
# The object is a CareNote for ``view_note`` and ``amend_note``, a Concern for ``view_concern``
# and ``handle_concern``, a Team for ``export_notes`` and a Commons for ``view_commons_concerns``.
@rules.predicate
def can_view_note(user, note):
    from caringcity.visits.selectors.notes import can_view_note as check

    return check(user, note)


@rules.predicate
def is_note_author_or_owner(user, note):
    st = record_standing(user, note.team)
    return st.person is not None and (st.is_owner or st.is_proxy or (st.in_team and note.author_id == st.person.pk))


@rules.predicate
def can_view_concern(user, concern):
    from caringcity.visits.selectors.concerns import can_view_concern as check

    return check(user, concern)


@rules.predicate
def can_handle_concern(user, concern):
    from caringcity.visits.selectors.concerns import can_handle_concern as check

    return check(user, concern)


@rules.predicate
def organiser_or_lead_in_commons(user, commons):
    from caringcity.people import selectors as people
    from caringcity.visits.selectors.concerns import is_lead_in_commons

    membership = people.membership_of(user, commons)
    return membership is not None and (membership.is_organiser or is_lead_in_commons(user, commons))


rules.add_perm("visits.view_note", can_view_note)
rules.add_perm("visits.amend_note", can_view_note & is_note_author_or_owner)
rules.add_perm("visits.export_notes", owner_side)
rules.add_perm("visits.view_concern", can_view_concern)
rules.add_perm("visits.handle_concern", can_handle_concern)
rules.add_perm("visits.view_commons_concerns", organiser_or_lead_in_commons)
