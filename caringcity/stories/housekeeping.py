from caringcity.stories.services.interviews import closures_expire


def run(stdout):
    reopened = closures_expire()
    stdout.write(f"stories: {reopened} interviews reopened after their closure ended")
