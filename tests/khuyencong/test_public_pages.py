"""The public's front door, and our own error pages in Vietnamese."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.views.defaults import permission_denied, server_error

from tests.factories import ProductFactory, published_certificate
from tests.opendata.test_opendata import HOUSEHOLD, PERSONAL_VALUES, _plan

pytestmark = pytest.mark.django_db


def test_the_public_gets_a_front_door_not_a_login_form(django_assert_max_num_queries):
    project = _plan(2061)
    product = ProductFactory(name="Đèn tre Tân Yên")
    published_certificate(product)
    with django_assert_max_num_queries(8):
        response = Client().get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chương trình khuyến công" in page  # what the programme is
    assert "Đèn tre Tân Yên" in page  # certified products
    assert f'action="{reverse("products:verify")}"' in page  # verify a certificate
    assert "Đề án được phê duyệt năm 2061" in page
    assert project.code in page
    for value in PERSONAL_VALUES:  # the household is counted, never named
        assert value not in page, value
    assert HOUSEHOLD["name"] not in page
    assert reverse("accounts:login") in page


def test_a_signed_in_person_still_reaches_their_home(client_for):
    page = client_for("official").get("/").content.decode()
    assert "Chờ tôi quyết định" in page
    assert "Chương trình khuyến công" not in page


@override_settings(DEBUG=False)
def test_a_missing_page_answers_our_own_404_in_vietnamese():
    response = Client().get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "Không tìm thấy trang" in page
    assert "Về trang chủ" in page
    assert "Not Found" not in page


@override_settings(DEBUG=False)
def test_someone_elses_object_answers_the_same_404_page(client_for):
    response = client_for("collaborator").get(reverse("establishments:detail", args=[999999]))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@override_settings(DEBUG=False)
def test_403_and_500_are_ours_in_vietnamese(rf: RequestFactory):
    request = rf.get("/")
    request.user = AnonymousUser()
    forbidden = permission_denied(request, PermissionDenied())
    assert forbidden.status_code == 403
    assert "Bạn không được mở trang này" in forbidden.content.decode()
    failed = server_error(rf.get("/"))
    assert failed.status_code == 500
    text = failed.content.decode()
    assert '<html lang="vi">' in text
    assert "Đã có lỗi xảy ra" in text


@override_settings(DEBUG=False)
def test_a_form_posted_without_its_token_says_in_vietnamese_that_nothing_was_saved():
    response = Client(enforce_csrf_checks=True).post(
        reverse("accounts:login"), {"username": "canbo", "password": "x"}
    )
    assert response.status_code == 403
    text = response.content.decode()
    assert '<html lang="vi">' in text
    assert "Biểu mẫu đã hết hạn" in text
    assert "Không có gì được lưu" in text


def test_the_favicon_and_the_emblem_are_served(settings):
    assert Client().get("/favicon.ico").status_code == 301
    settings.KHUYENCONG_LOGO = "/static/img/huy-hieu-so.svg"
    page = Client().get("/").content.decode()
    assert 'src="/static/img/huy-hieu-so.svg"' in page
    assert 'rel="icon"' in page


def test_my_month_prints_with_the_centers_header_and_a_signature_block(client_for):
    page = client_for("collaborator").get(reverse("collaborators:my_month")).content.decode()
    assert 'href="/static/css/print.css" media="print"' in page
    assert 'class="print-header print-only"' in page
    assert "Trung tâm Khuyến công" in page.split('class="print-header print-only"')[1]
    block = page.split('data-testid="signature-block"')[1].split("</div>\n</div>")[0]
    assert "Ký, ghi rõ họ tên" in block
    assert "ngày ..... tháng ..... năm" in block
