"""Wire copy: one parser per format turning bytes into a ParsedStory, and one importer.

``formats.parse_wire`` detects the format and calls its parser; ``importer.import_file`` and
``importer.import_story`` upsert the result by its source identity.
"""
