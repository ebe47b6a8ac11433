import factory

from caringcity.core.tests.factories import CommonsFactory, UserFactory
from caringcity.people.models import Membership, Organisation, Person, Proxy


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name", locale="en_GB")
    preferred_name = ""
    postcode = "E5 8AA"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    phone = "020 7946 0000"
    communication_needs = "Large print please."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    commons = factory.SubFactory(CommonsFactory)
    person = factory.SubFactory(PersonFactory)
    role = Membership.Role.MEMBER


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    commons = factory.SubFactory(CommonsFactory)
    name = factory.Sequence(lambda n: f"Group {n}")
    kind = Organisation.Kind.GRASSROOTS


class ProxyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proxy

    how_agreed = "Agreed in person."


def member_with_login(commons, role=Membership.Role.MEMBER, **person):
    """A person with a login and an active membership; organisers and admins get TOTP."""
    user = UserFactory()
    p = PersonFactory(user=user, email=user.email, **person)
    membership = MembershipFactory(commons=commons, person=p, role=role)
    if role in (Membership.Role.ORGANISER, Membership.Role.ADMIN):
        from allauth.mfa.totp.internal.auth import TOTP

        from caringcity.people.demo import DEMO_TOTP_SECRET

        TOTP.activate(user, DEMO_TOTP_SECRET)
    return membership
