from django.urls import path

from . import views

app_name = "wards"

urlpatterns = [
    path("phuong/<str:code>/<int:year>/", views.count_detail, name="count"),
    path("phuong/<str:code>/<int:year>/gui/", views.count_move, {"move": "submit"}, name="count-submit"),
    path("phuong/<str:code>/<int:year>/duyet/", views.count_move, {"move": "approve"}, name="count-approve"),
    path("phuong/<str:code>/<int:year>/tra-lai/", views.count_move, {"move": "return"}, name="count-return"),
    path("phuong/<str:code>/<int:year>/mo-lai/", views.count_move, {"move": "reopen"}, name="count-reopen"),
]
