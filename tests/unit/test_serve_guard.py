"""Which Host names the preview answers (generator/serve/guard.py): reading a Host header, and
telling loopback names and address literals from other names. No server is started."""

from __future__ import annotations

import pytest

from generator.serve.guard import bracketed, is_address, is_loopback, split_host


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.8.9.10", "[::1]", "::1"])
def test_loopback_names_and_addresses(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["example.org", "192.168.1.5", "[2001:db8::1]", "localhost.evil.example", ""])
def test_other_names_and_addresses_are_not_loopback(host):
    assert not is_loopback(host)


@pytest.mark.parametrize(("header", "split"), [
    ("localhost:8000", ("localhost", 8000)),
    ("LocalHost:8000", ("localhost", 8000)),
    ("example.org", ("example.org", 80)),
    ("[::1]:8000", ("[::1]", 8000)),
    ("[::1]", ("[::1]", 80)),
    ("127.0.0.1:65535", ("127.0.0.1", 65535)),
])
def test_a_host_header_is_a_lower_case_name_and_a_port(header, split):
    assert split_host(header) == split


@pytest.mark.parametrize("header", ["localhost:", "localhost:80a", "::1:8000", "localhost:-1"])
def test_a_host_header_of_another_form_is_refused(header):
    assert split_host(header) is None


@pytest.mark.parametrize(("name", "address"), [
    ("127.0.0.1", True), ("[::1]", True), ("[2001:db8::1]", True), ("::1", True),
    ("localhost", False), ("[localhost]", False), ("1.2.3", False), ("", False),
])
def test_address_literals_are_told_from_names(name, address):
    assert is_address(name) is address


def test_an_ipv6_address_is_written_in_brackets_once():
    assert bracketed("::1") == "[::1]"
    assert bracketed("[::1]") == "[::1]"
    assert bracketed("127.0.0.1") == "127.0.0.1"
