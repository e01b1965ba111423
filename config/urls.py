from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

admin.site.site_header = "Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau”"
admin.site.site_title = "Thi đua vì người nghèo — Quận Thanh Xuân"
admin.site.index_title = "Quản lý dữ liệu"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/live", views.healthz_live, name="healthz-live"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("campaign.urls")),
    path("", include("wards.urls")),
    path("", include("reports.urls")),
    path("", include("awards.urls")),
    path("admin/", admin.site.urls),
]
