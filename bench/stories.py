"""Stories for the load benchmark: bench/import_ninjs.py's ninjs generator, made varied.

``import_ninjs.write_stories`` writes plain wire copy; each file is then given what a news site's
pages are made of: a section out of eight, two or three tags out of 300, one or two reporters out
of 200 plus an agency, two captioned photos, a headline from a small vocabulary (so search finds
something) and a publication time spread over two years (so the archive has months).
"""

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.import_ninjs import write_stories

SECTIONS = ["pakistan", "world", "business", "sports", "science", "health", "culture", "opinion"]
AGENCIES = ["Reuters", "AFP", "AP", "APP", "Xinhua"]
# fmt: off
FIRST_NAMES = ["Ayesha", "Omar", "Sana", "Bilal", "Hina", "Kamran", "Nadia", "Faisal", "Zara",
               "Imran"]
LAST_NAMES = ["Khan", "Siddiqui", "Malik", "Qureshi", "Butt", "Chaudhry", "Sheikh", "Mirza",
              "Abbasi", "Hashmi", "Rana", "Baig"]
WORDS = ["flood", "budget", "talks", "cricket", "final", "rupee", "minister", "port", "strike",
         "wheat", "power", "gas", "court", "election", "rain", "school", "bridge", "hospital",
         "exports", "market", "train", "border", "harvest", "summit"]
# fmt: on
SPAN = timedelta(days=730)
START = datetime(2024, 1, 1, tzinfo=UTC)


def reporter(number):
    """One of 200 names: 10 first names x 12 last names would repeat, so add a middle initial."""
    first = FIRST_NAMES[number % len(FIRST_NAMES)]
    last = LAST_NAMES[(number // len(FIRST_NAMES)) % len(LAST_NAMES)]
    initial = chr(ord("A") + number // (len(FIRST_NAMES) * len(LAST_NAMES)))
    return f"{first} {initial}. {last}"


def photo(number, place):
    return {
        "uri": f"urn:newsml:bench.example:2026:photo-{number}-{place}",
        "type": "picture",
        "headlines": [{"role": "main", "value": f"Photo {place} of story {number}"}],
        "descriptions": [
            {"role": "caption", "value": f"Scene {place} from story {number}, on the day."},
            {"role": "alt", "value": f"People gathered at the scene of story {number}"},
        ],
        "by": "Photo Desk",
        "renditions": [
            {
                "name": "original",
                "href": f"https://images.bench.example/story-{number}-{place}.jpg",
                "contenttype": "image/jpeg",
                "width": 1200,
                "height": 800,
            }
        ],
    }


def enrich(story, number, count):
    """The generator's story with section, tags, byline, photos, headline and time varied."""
    pick = random.Random(number)  # noqa: S311 - repeatable test data, not security
    created = START + SPAN * (number / max(count, 1))
    authors = sorted({reporter(pick.randrange(200)) for _ in range(pick.choice((1, 2)))})
    words = [pick.choice(WORDS) for _ in range(3)]
    story.update(
        {
            "versioncreated": created.isoformat(),
            "firstcreated": created.isoformat(),
            "headlines": [
                {"role": "main", "value": f"{words[0].title()} {words[1]} and {words[2]} {number}"}
            ],
            "by": f"{' and '.join(authors)}, {AGENCIES[number % len(AGENCIES)]}",
            "subjects": [{"rel": "section", "literal": SECTIONS[number % len(SECTIONS)]}],
            "keywords": sorted({f"topic {pick.randrange(300)}" for _ in range(3)}),
            "associations": [photo(number, place) for place in (1, 2)],
        }
    )
    return story


def write_load_stories(folder, count):
    """Write ``count`` varied ninjs files into ``folder``."""
    folder = Path(folder)
    write_stories(folder, count)
    for number, path in enumerate(sorted(folder.glob("*.json"))):
        path.write_text(json.dumps(enrich(json.loads(path.read_text()), number, count)))
