"""smedx.allocator: glibc accepts the settings on this (Debian) machine, once per process."""
from __future__ import annotations

import platform

import pytest

from smedx import allocator


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_glibc_accepts_the_settings_once() -> None:
    assert allocator.tune() is True
    assert allocator.tune() is True and allocator.tune.cache_info().hits >= 1
