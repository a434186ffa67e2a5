from django.urls import path

from products.views import certificates, public, register, results, rounds, scoring

app_name = "products"

urlpatterns = [
    # Public: no login.
    path("", public.gallery, name="gallery"),
    path("p/<int:pk>/", public.public_product, name="public_product"),
    path("photos/<int:pk>/", public.photo, name="photo"),
    path("verify/", public.verify, name="verify"),
    path("verify/<str:token>/", public.verify_token, name="verify_token"),
    # The register of products.
    path("register/", register.product_list, name="product_list"),
    path("register/new/", register.product_create, name="product_create"),
    path("register/<int:pk>/", register.product_detail, name="product_detail"),
    path("register/<int:pk>/edit/", register.product_update, name="product_update"),
    path("register/<int:pk>/identity/", register.product_identity, name="product_identity"),
    path("register/<int:pk>/photos/", register.photo_add, name="photo_add"),
    path(
        "register/<int:pk>/photos/<int:photo_id>/remove/",
        register.photo_remove,
        name="photo_remove",
    ),
    path("register/<int:pk>/documents/", register.document_add, name="document_add"),
    path("documents/<int:pk>/", register.document_download, name="document_download"),
    # Voting rounds.
    path("rounds/", rounds.round_list, name="round_list"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/transition/", rounds.round_transition, name="round_transition"),
    path("rounds/<int:pk>/criteria/", rounds.round_criteria, name="round_criteria"),
    path("rounds/<int:pk>/council/", rounds.council_add, name="council_add"),
    path(
        "rounds/<int:pk>/council/<int:member_id>/remove/",
        rounds.council_remove,
        name="council_remove",
    ),
    path("rounds/<int:pk>/entries/", rounds.entry_add, name="entry_add"),
    path("rounds/<int:pk>/entries/<int:entry_id>/", scoring.entry_detail, name="entry_detail"),
    path(
        "rounds/<int:pk>/entries/<int:entry_id>/remove/",
        rounds.entry_remove,
        name="entry_remove",
    ),
    path("rounds/<int:pk>/entries/<int:entry_id>/score/", scoring.score_sheet, name="score_sheet"),
    path("rounds/<int:pk>/entries/<int:entry_id>/conflict/", scoring.conflict, name="conflict"),
    path("rounds/<int:pk>/awards/", results.awards, name="awards"),
    path("rounds/<int:pk>/publish/", results.publish, name="publish"),
    path("rounds/<int:pk>/complaints/", results.complaint_record, name="complaint_record"),
    path("complaints/<int:pk>/answer/", results.complaint_answer, name="complaint_answer"),
    path("certificates/<int:pk>/pdf/", certificates.certificate_pdf_view, name="certificate_pdf"),
    path(
        "certificates/<int:pk>/revoke/", certificates.certificate_revoke, name="certificate_revoke"
    ),
    path(
        "certificates/<int:pk>/nominate/",
        certificates.certificate_nominate,
        name="certificate_nominate",
    ),
]
