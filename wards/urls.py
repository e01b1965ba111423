from django.urls import path

from . import views

app_name = "wards"

urlpatterns = [
    path("phuong/<str:code>/<int:year>/", views.count_detail, name="count"),
    path("phuong/<str:code>/<int:year>/gui/", views.count_submit, name="count-submit"),
    path("phuong/<str:code>/<int:year>/duyet/", views.count_approve, name="count-approve"),
    path("phuong/<str:code>/<int:year>/tra-lai/", views.count_return, name="count-return"),
    path("phuong/<str:code>/<int:year>/mo-lai/", views.count_reopen, name="count-reopen"),
]
