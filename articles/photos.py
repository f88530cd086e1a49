"""Photo rules for publishing: what a story's photos must carry before it goes public."""


def missing_photo_details(article):
    """One line per photo with an image file that lacks its caption, credit or alt text.

    Publishing a story whose photos have files is refused while this list is not empty.
    """
    problems = []
    for photo in article.photos.all():
        if not photo.image:
            continue
        missing = [
            label
            for label, value in (
                ("caption", photo.caption),
                ("credit", photo.credit),
                ("alt text", photo.alt_text),
            )
            if not value.strip()
        ]
        if missing:
            problems.append(f"Photo {photo.position + 1} needs its {', '.join(missing)}.")
    return problems
