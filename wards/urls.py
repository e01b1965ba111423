from django.urls import path

from . import views

app_name = "wards"

urlpatterns = [
    path("quan/", views.district_overview, name="district"),
    path("phuong/<str:code>/", views.ward_detail, name="detail"),
]
