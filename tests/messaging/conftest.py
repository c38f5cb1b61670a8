"""Fixtures of the messaging room's tests."""
import pytest
from redis import Redis

from tests.redis_areas import redis_url


@pytest.fixture
def redis_db():
    """The outage tests' own Redis database, empty before and after the test."""
    connection = Redis.from_url(redis_url("outage"))
    connection.flushdb()
    yield connection
    connection.flushdb()
    connection.close()
