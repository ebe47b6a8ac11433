import factory

from caringcity.core.models import Commons, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name", locale="en_GB")
    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "a-test-password")
        if create:
            self.save(update_fields=["password"])


class CommonsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commons
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test Commons {n}")
    slug = factory.Sequence(lambda n: f"commons-{n}")
