"""Fixed-window rate limits (``core.rate_limits``): the API, Open311 and the portal use them."""

from __future__ import annotations

from unittest import mock

from django.core.cache import cache

from danvan.core import rate_limits


class AllowTests:
    def test_a_window_counts_up_to_its_limit(self):
        assert [rate_limits.allow("b", "x", "3/min") for _ in range(5)] == [
            True,
            True,
            True,
            False,
            False,
        ]
        assert cache.get("throttle:b:x") == 5
        assert rate_limits.allow("b", "y", "3/min")  # another caller, another counter

    def test_retry_after_is_what_is_left_of_the_window(self):
        with mock.patch("time.time", return_value=1_000_000.0):
            rate_limits.allow("b", "x", "1/hour")
        with mock.patch("time.time", return_value=1_000_600.0):
            assert rate_limits.retry_after("b", "x", "1/hour") == 3000.0
        assert rate_limits.retry_after("b", "unknown", "1/hour") == 3600.0

    def test_a_counter_left_without_expiry_gets_its_window_back(self):
        """Redis makes a new counter without expiry when one expires between Django's
        existence check and the increment; it must not count up for ever."""
        cache.set("throttle:b:x", 0, None)  # what such an increment leaves: no expiry
        with mock.patch.object(cache, "touch", wraps=cache.touch) as touch:
            assert rate_limits.allow("b", "x", "2/min")
        touch.assert_called_once_with("throttle:b:x", 60)

    def test_an_ipv6_subscriber_is_one_address(self):
        assert rate_limits.address_key("2001:db8::1") == rate_limits.address_key("2001:db8::2")
        assert rate_limits.address_key("203.0.113.9") == "203.0.113.9"
        assert rate_limits.address_key(None) == "-"
