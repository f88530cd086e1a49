"""A cache that every process on the machine shares, for generation numbers without Redis.

The local-memory cache is per process: a story published in one gunicorn worker, or imported by
``manage.py import_wire``, would replace generations only that process can see, and the other
workers would go on serving the old pages. Generations are a few bytes a key, so without
``REDIS_URL`` they live in files (Django's file-based cache) while pages stay in each process's
memory, checked against them.
"""

from django.core.cache.backends.filebased import FileBasedCache


class GenerationFileCache(FileBasedCache):
    """Django's file-based cache, never culled.

    Culling lists the whole folder on every write and drops entries at random; a dropped
    generation only costs a page its entry, but listing tens of thousands of files per write
    would cost an import seconds a batch. A key is one small file; the folder grows with the
    stories, sections and tags, as the database does.
    """

    def _cull(self):
        pass
