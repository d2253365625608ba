"""Django's RedisCache, keeping one redis-py client per connection pool.

Django's backend builds a new ``redis.Redis`` for every cache call; its constructor fills a
table of about 160 response callbacks each time, which cost more than the Redis round trip
itself (about 0.15 ms of a 1.6 ms cached page, measured with cProfile for bench/serve.py).
A ``redis.Redis`` is safe to share between threads (each command takes a connection from the
pool), so one per pool is kept. Nothing else changes: same options, same serializer.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
