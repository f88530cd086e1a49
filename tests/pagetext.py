"""Builds page-text wire copy for tests, in the exact shape of the seed story."""

from datetime import date


def page_text(
    headline,
    *,
    section="pakistan",
    on=date(2024, 3, 5),
    byline="APP",
    lead_photo=None,
    highlights=(),
    paragraphs=("The first paragraph of the story.",),
    related=(),
    more_from=None,
):
    """Page text as bytes. ``paragraphs`` items may be ("photo", "caption — CREDIT") tuples."""
    listing = on.strftime("%A %b %d %Y")
    header = on.strftime("%A %b %d, %Y")
    lines = [
        "\u00a0",
        section,
        listing,
        "By",
        byline,
        "",
        headline,
        "",
        "By",
        byline,
        "",
        header,
        "",
    ]
    if lead_photo:
        lines += [lead_photo, lead_photo]
    lines += [f"  • {point}" for point in highlights]
    for paragraph in paragraphs:
        lines.append("")
        if isinstance(paragraph, tuple):
            lines += [paragraph[1], paragraph[1]]
        else:
            lines.append(paragraph)
    if related:
        lines += ["", f"More From {more_from or section.title()}:", ""]
        for headline_text in related:
            lines += [headline_text, headline_text]
    return "\n".join(lines).encode("utf-8")
