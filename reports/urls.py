from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("tong-quan/quan/<str:code>/", views.district_dashboard, name="district-dashboard"),
    path("tong-quan/tinh/<str:code>/", views.city_dashboard, name="city-dashboard"),
    path("cho-duyet/", views.inbox, name="inbox"),
    path("phuong/<str:code>/", views.ward_page, name="ward"),
    path("phuong/<str:code>/don-vi-truoc-sap-xep.xlsx", views.ward_lineage_xlsx, name="ward-lineage-xlsx"),
    path("bao-cao/", views.review_list, name="review-list"),
    path("bao-cao/<int:pk>/", views.review_detail, name="review-detail"),
    path("bao-cao/<int:pk>/xem-truoc/", views.review_preview, name="review-preview"),
    path("bao-cao/<int:pk>/tai-pdf/", views.review_pdf_download, name="review-pdf"),
    path("bao-cao/<int:pk>/tai-excel/", views.review_xlsx_download, name="review-xlsx"),
    path("bao-cao/<int:pk>/ban-hanh/", views.review_issue, name="review-issue"),
]
