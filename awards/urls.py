from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("khen-thuong/", views.nomination_list, name="nomination-list"),
    path("khen-thuong/de-nghi-moi/", views.nomination_create, name="nomination-create"),
    path("khen-thuong/<int:pk>/", views.nomination_detail, name="nomination-detail"),
    path("khen-thuong/<int:pk>/sua/", views.nomination_edit, name="nomination-edit"),
    path("khen-thuong/<int:pk>/gui/", views.nomination_move, {"move": "submit"}, name="nomination-submit"),
    path("khen-thuong/<int:pk>/chuyen-noi-vu/", views.nomination_move, {"move": "forward"}, name="nomination-forward"),
    path("khen-thuong/<int:pk>/tra-lai/", views.nomination_move, {"move": "return"}, name="nomination-return"),
    path("khen-thuong/<int:pk>/khong-de-nghi/", views.nomination_move, {"move": "reject"}, name="nomination-reject"),
    path("khen-thuong/<int:pk>/dong-y/", views.nomination_move, {"move": "approve"}, name="nomination-approve"),
    path("khen-thuong/<int:pk>/trinh-thanh-pho/", views.nomination_move, {"move": "send-to-city"}, name="nomination-send-to-city"),
    path("khen-thuong/<int:pk>/quyet-dinh/", views.nomination_decide, name="nomination-decide"),
    path("khen-thuong/<int:pk>/ho-so/", views.document_upload, name="document-upload"),
    path("khen-thuong/ho-so/<int:pk>/tai-ve/", views.document_download, name="document-download"),
    path("khen-thuong/ho-so/<int:pk>/xoa/", views.document_delete, name="document-delete"),
    path("khen-thuong/tham-dinh/", views.appraisal_queue, name="queue"),
    path(
        "khen-thuong/danh-sach-hoi-dong/<str:occasion>/<int:year>.xlsx", views.council_list, name="council-list"
    ),
    path("khen-thuong/xep-hang/", views.ranking, name="ranking"),
    path("khen-thuong/xep-hang/<int:year>/", views.ranking, name="ranking-year"),
    path("khen-thuong/danh-gia-tieu-chi/<int:year>/", views.assessments, name="assessments"),
]
