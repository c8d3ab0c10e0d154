"""Every audit test gets its own checkpoint file."""

import pytest

from tests.domain.audit.factories import use_checkpoint_file


@pytest.fixture
def checkpoint_file(database_url, tmp_path, monkeypatch):
    return use_checkpoint_file(monkeypatch, tmp_path / "checkpoints" / "audit.log")
