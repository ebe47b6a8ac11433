"""Permissions for stories (django-rules). Commons-wide rules take a ``Commons``; others say what
object they take. Queryset twins live in ``selectors``; tests hold them in agreement. Each part adds
its own rules in its own block below."""

import rules

from caringcity.stories.access import project_standing, speaks_for, stories_standing


@rules.predicate
def is_member(user, commons):
    return stories_standing(user, commons).is_member


@rules.predicate
def is_organiser(user, commons):
    return stories_standing(user, commons).is_organiser


@rules.predicate
def on_team(user, project):  # object: Project
    return project_standing(user, project).is_researcher


@rules.predicate
def leads(user, project):  # object: Project
    return project_standing(user, project).is_lead


@rules.predicate
def sees_project(user, project):  # object: Project: its name, purpose and team
    standing = project_standing(user, project)
    return standing.is_researcher or standing.is_organiser


@rules.predicate
def manages_team(user, project):  # object: Project
    standing = project_standing(user, project)
    return standing.is_lead or standing.is_organiser


@rules.predicate
def researches_interview(user, interview):  # object: Interview (twin: selectors.interviews.team_interviews)
    return project_standing(user, interview.project).is_researcher


@rules.predicate
def is_respondent(user, interview):  # object: Interview: the person interviewed or their proxy
    return speaks_for(user, interview) is not None


rules.add_perm("stories.view", is_member)  # object: Commons (the section: my interviews, my projects)
rules.add_perm("stories.start_project", is_organiser)  # object: Commons
rules.add_perm("stories.view_project", sees_project)  # object: Project
rules.add_perm("stories.research", on_team)  # object: Project: interviews, transcripts, summaries, themes, quotes
rules.add_perm("stories.manage_team", manages_team)  # object: Project
rules.add_perm("stories.research_interview", researches_interview)  # object: Interview
rules.add_perm("stories.own_interview", is_respondent)  # object: Interview

# --- interviews --------------------------------------------------------------------------------
# Who may move an interview's consent (close, lift, take down): the team or the person (or proxy).
rules.add_perm("stories.consent_interview", researches_interview | is_respondent)  # object: Interview

# --- transcripts -------------------------------------------------------------------------------

# --- summaries ---------------------------------------------------------------------------------
# Objects: Summary. Twins: selectors.summaries.summaries_visible_to / own_summaries.


@rules.predicate
def researches_summary(user, summary):  # the team, while the interview's material is open
    from caringcity.stories.selectors.summaries import team_sees

    return team_sees(user, summary)


@rules.predicate
def reviews_summary(user, summary):  # the person (or their proxy), once a version has been with them
    from caringcity.stories.selectors.summaries import person_sees

    return person_sees(user, summary)


rules.add_perm("stories.view_summary", researches_summary | reviews_summary)  # object: Summary
rules.add_perm("stories.review_summary", reviews_summary)  # object: Summary: read, change, approve, withdraw

# --- coding ------------------------------------------------------------------------------------


@rules.predicate
def usable_quote(quote):  # object: StoryQuote (twin: selectors.coding.usable_quotes)
    from caringcity.stories.selectors.coding import current_agreements, quote_problem

    summary = getattr(quote.interview, "summary", None) if hasattr(quote.interview, "summary") else None
    return quote_problem(quote, current_agreements([quote.interview_id]).get(quote.interview_id), summary) is None


rules.add_rule("stories.usable_quote", usable_quote)
