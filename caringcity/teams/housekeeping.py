from caringcity.teams.services import members_finish_notice


def run(stdout):
    stdout.write(f"teams: {members_finish_notice()} people finished their notice")
