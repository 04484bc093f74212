import factory
from django.contrib.auth import get_user_model

from dtsystem.units.choices import Role, UnitKind
from dtsystem.units.models import Membership, Unit
from dtsystem.units.services import unit_search_text


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"STN{n}")
    kind = UnitKind.DEPARTMENT
    email = factory.LazyAttribute(lambda o: f"{o.code}@example.gov.vn")
    aliases = factory.LazyFunction(list)
    search_text = factory.LazyAttribute(
        lambda o: unit_search_text(name=o.name, short_name=o.short_name, aliases=o.aliases)
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Văn"
    last_name = factory.Sequence(lambda n: f"Nguyễn {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.vn")
    password = factory.PostGenerationMethodCall("set_password", "pw-12345")

    @factory.post_generation
    def save_after(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.STAFF
