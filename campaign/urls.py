from django.urls import path

from . import views

app_name = "campaign"

urlpatterns = [
    path("ke-hoach/", views.plan_list, name="plan-list"),
    path("ke-hoach/<int:pk>/chon/", views.plan_choose, name="plan-choose"),
]
