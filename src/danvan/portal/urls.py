"""The citizens' portal, mounted at /cong-dan/ (public pages, no login)."""

from django.urls import path

from danvan.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("gui/", views.submit, name="submit"),
    path("bien-nhan/<str:code>/", views.receipt, name="receipt"),
    path("goi-y-xa/", views.commune_suggestions, name="commune-suggestions"),
    path("tra-loi/", views.answers, name="answers"),
    path("tra-loi/<str:code>/", views.answer_detail, name="answer-detail"),
    path("thong-ke/", views.statistics, name="statistics"),
    path("xa/<str:code>/", views.commune_page, name="commune"),
    path("linh-vuc/<str:field>/", views.field_page, name="field"),
    path("dang-nhap/", views.account_login, name="login"),
    path("dang-nhap/ma/", views.account_code, name="login-code"),
    path("dang-xuat/", views.account_logout, name="logout"),
    path("cua-toi/", views.my_petitions, name="my-petitions"),
]
