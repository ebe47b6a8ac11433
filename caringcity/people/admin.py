from django.contrib import admin

from caringcity.people.models import Membership, Organisation, Person


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "preferred_name", "user", "postcode"]
    search_fields = ["name", "preferred_name"]
    inlines = [MembershipInline]
    raw_id_fields = ["user", "created_by"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commons", "constituted"]
    list_filter = ["kind", "commons"]
