"""Cache backends: one every process on the machine shares, for generation numbers without
Redis, and Django's Redis cache keeping its clients.

The local-memory cache is per process: a story published in one gunicorn worker, or imported by
``manage.py import_wire``, would replace generations only that process can see, and the other
workers would go on serving the old pages. Generations are a few bytes a key, so without
``REDIS_URL`` they live in files (Django's file-based cache) while pages stay in each process's
memory, checked against them.
"""

from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class GenerationFileCache(FileBasedCache):
    """Django's file-based cache, never culled, that names each key's file once.

    Culling lists the whole folder on every write and drops entries at random; a dropped
    generation only costs a page its entry, but listing tens of thousands of files per write
    would cost an import seconds a batch. A key is one small file; the folder grows with the
    stories, sections and tags, as the database does.

    A cached article page checks eight or so generations on every hit, and making, checking
    and hashing each key into its file name took more than reading the file: the names are
    kept per process (the files, and so the values, are read each time).
    """

    _FILES_KEPT = 20000

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._files = {}

    def _key_to_file(self, key, version=None):
        """The key made, checked and hashed into its file's name once."""
        path = self._files.get((key, version))
        if path is None:
            if len(self._files) >= self._FILES_KEPT:
                self._files.clear()
            path = self._files[key, version] = super()._key_to_file(key, version)
        return path

    def _cull(self):
        pass


class KeptClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, making one ``redis.Redis`` per connection pool rather than one per
    call. Each new one builds its table of ~170 response callbacks: a quarter of the time of the
    generation read every uncached page makes. A ``redis.Redis`` takes a connection from its pool
    for each command, so one serves every call, from any thread."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class KeptClientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with ``KeptClientRedisCacheClient``."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
