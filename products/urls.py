from django.urls import path

from products import views

app_name = "products"

urlpatterns = [
    # Public: no login.
    path("", views.gallery, name="gallery"),
    path("p/<int:pk>/", views.public_product, name="public_product"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:token>/", views.verify_token, name="verify_token"),
    # The register of products.
    path("register/", views.product_list, name="product_list"),
    path("register/new/", views.product_create, name="product_create"),
    path("register/<int:pk>/", views.product_detail, name="product_detail"),
    path("register/<int:pk>/edit/", views.product_update, name="product_update"),
    path("register/<int:pk>/identity/", views.product_identity, name="product_identity"),
    path("register/<int:pk>/photos/", views.photo_add, name="photo_add"),
    path(
        "register/<int:pk>/photos/<int:photo_id>/remove/",
        views.photo_remove,
        name="photo_remove",
    ),
    path("register/<int:pk>/documents/", views.document_add, name="document_add"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    # Voting rounds.
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/transition/", views.round_transition, name="round_transition"),
    path("rounds/<int:pk>/criteria/", views.round_criteria, name="round_criteria"),
    path("rounds/<int:pk>/council/", views.council_add, name="council_add"),
    path(
        "rounds/<int:pk>/council/<int:member_id>/remove/",
        views.council_remove,
        name="council_remove",
    ),
    path("rounds/<int:pk>/entries/", views.entry_add, name="entry_add"),
    path("rounds/<int:pk>/entries/<int:entry_id>/", views.entry_detail, name="entry_detail"),
    path(
        "rounds/<int:pk>/entries/<int:entry_id>/remove/",
        views.entry_remove,
        name="entry_remove",
    ),
    path("rounds/<int:pk>/entries/<int:entry_id>/score/", views.score_sheet, name="score_sheet"),
    path("rounds/<int:pk>/entries/<int:entry_id>/conflict/", views.conflict, name="conflict"),
    path("rounds/<int:pk>/awards/", views.awards, name="awards"),
    path("rounds/<int:pk>/publish/", views.publish, name="publish"),
    path("rounds/<int:pk>/complaints/", views.complaint_record, name="complaint_record"),
    path("complaints/<int:pk>/answer/", views.complaint_answer, name="complaint_answer"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf_view, name="certificate_pdf"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path(
        "certificates/<int:pk>/nominate/", views.certificate_nominate, name="certificate_nominate"
    ),
]
