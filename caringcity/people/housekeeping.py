from caringcity.people.services import emergency_access_expire


def run(stdout):
    closed = emergency_access_expire()
    stdout.write(f"privacy: {closed} emergency accesses closed")
