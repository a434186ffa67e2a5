from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("", views.register, name="register"),
    path("export.xlsx", views.register_export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/docx/", views.download_docx, name="docx"),
    path("<int:pk>/pdf/", views.download_pdf, name="pdf"),
    path("<int:pk>/signed/", views.download_signed, name="signed"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/void/", views.void, name="void"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/attach-signed/", views.attach_signed, name="attach_signed"),
    path("for/<slug:object_type>/<int:pk>/", views.for_object, name="for_object"),
    path(
        "for/<slug:object_type>/<int:pk>/draft/<slug:code>/",
        views.draft_create,
        name="draft_create",
    ),
    path("templates/", views.templates, name="templates"),
    path("templates/<slug:code>/download/", views.template_download, name="template_download"),
    path("templates/<slug:code>/upload/", views.template_upload, name="template_upload"),
]
