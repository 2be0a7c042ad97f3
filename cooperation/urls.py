from django.urls import path

from cooperation import public_views, staff_views, views

app_name = "cooperation"
urlpatterns = [
    path("", public_views.policy, name="policy"),
    path("calls/", public_views.call_list, name="call-list"),
    path("calls/<int:pk>/", public_views.call_detail, name="call-detail"),
    path("projects/", public_views.project_list, name="project-list"),
    path("budget/", public_views.budget, name="budget"),
    path("reports/<int:year>/", public_views.annual_report, name="annual-report"),
    path("reports/<int:year>/pdf/", public_views.annual_report_pdf, name="annual-report-pdf"),
    path("account/register/", views.register, name="register"),
    path("account/verify/<str:uidb64>/<str:token>/", views.verify, name="verify"),
    path("account/login/", views.LoginView.as_view(), name="login"),
    path("account/logout/", views.LogoutView.as_view(), name="logout"),
    path("account/password/", views.PasswordResetView.as_view(), name="password-reset"),
    path("account/password/sent/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "account/password/<str:uidb64>/<str:token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("account/password/done/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path("applicant/", views.applicant_home, name="applicant-home"),
    path("applicant/organisation/", views.organisation_edit, name="organisation"),
    path("applicant/calls/<int:call_pk>/apply/", views.application_new, name="application-new"),
    path("applicant/applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applicant/applications/<int:pk>/edit/", views.application_edit, name="application-edit"),
    path("applicant/applications/<int:pk>/submit/", views.application_submit, name="application-submit"),
    path("applicant/applications/<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("evaluations/", views.evaluation_list, name="evaluation-list"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation-detail"),
    path("staff/calls/<int:pk>/", staff_views.call_desk, name="call-desk"),
    path("staff/calls/<int:pk>/ranking.csv", staff_views.ranking_csv, name="ranking-csv"),
    path("staff/calls/<int:pk>/ranking.xlsx", staff_views.ranking_xlsx, name="ranking-xlsx"),
    path("staff/applications/<int:pk>/grant/", staff_views.grant_prepare, name="grant-prepare"),
    path("staff/grants/<int:pk>/", staff_views.grant_desk, name="grant-desk"),
    path("letters/<int:pk>/", views.letter, name="letter"),
    path("reports/<int:pk>/file/", views.report_file, name="report-file"),
    path("applicant/reports/<int:pk>/", views.report_submit, name="report-submit"),
]
