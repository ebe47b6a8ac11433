"""The Django admin is for the people who run the server (operators), not for organisers:
organisers use the site itself. Audit events are read-only here too."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from caringcity.core.models import AuditEvent, Commons, OutboundEmail, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "name", "language"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Commons)
class CommonsAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "area"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created", "action", "object_type", "object_id", "part", "basis", "actor", "commons"]
    list_filter = ["action", "commons"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created", "to", "subject", "sent_at", "attempts", "last_error"]
    exclude = ["body_text", "body_html"]
    readonly_fields = ["created", "to", "subject", "sent_at", "attempts", "last_error"]
