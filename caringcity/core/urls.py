from django.urls import path

from caringcity.core import views

app_name = "core"

urlpatterns = [
    path("language/", views.set_language, name="set_language"),
    path("account/", views.account, name="account"),
    path("about/", views.about, name="about"),
    path("words/", views.glossary, name="glossary"),
]
