"""Objects' addresses reversed once per name: the same addresses as reverse()."""

import pytest
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from core.urls import named_url, object_url


@pytest.mark.parametrize(
    "name", ["projects:detail", "projects:plan_detail", "establishments:detail", "products:photo"]
)
@pytest.mark.parametrize("pk", [1, 42, 1234567])
def test_the_same_address_as_reverse(name, pk):
    assert object_url(name, pk) == reverse(name, args=[pk])


@pytest.mark.parametrize("name", ["home", "projects:list", "establishments:list", "admin:index"])
def test_an_address_without_arguments_is_the_same_as_reverse(name):
    assert named_url(name) == reverse(name)


def test_a_key_that_is_not_an_integer_is_reversed_as_usual():
    assert object_url("projects:detail", "7") == reverse("projects:detail", args=["7"])


def test_a_script_prefix_is_kept():
    set_script_prefix("/khuyencong/")
    try:
        assert object_url("projects:detail", 5) == "/khuyencong" + reverse_without_prefix(5)
    finally:
        set_script_prefix("/")


def reverse_without_prefix(pk: int) -> str:
    set_script_prefix("/")
    try:
        return reverse("projects:detail", args=[pk])
    finally:
        set_script_prefix("/khuyencong/")


@override_settings(ROOT_URLCONF="bench.urls")
def test_a_new_url_configuration_is_read_again():
    assert object_url("projects:detail", 3) == reverse("projects:detail", args=[3])
