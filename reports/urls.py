from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("phuong/<str:code>/", views.ward_page, name="ward"),
]
