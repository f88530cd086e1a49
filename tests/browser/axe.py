"""axe-core in the page: WCAG 2.x A/AA checks, of which serious and critical ones fail a test.

axe-core comes from the npm registry (package-lock.json pins it; ``make setup`` runs npm ci)
and is injected into the page under test, so it sees exactly what a reader's browser renders,
colour scheme included.
"""

from django.conf import settings

AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
# resultTypes: only violations get full node details, which makes a run much faster.
RUN = "tags => axe.run(document, {runOnly: tags, resultTypes: ['violations']})"


def blocking_violations(page):
    """The serious and critical violations axe finds in the page as it is now."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        # Evaluated by the browser's debugger protocol, not as a <script> in the page: the
        # site's Content-Security-Policy rightly refuses inline script.
        page.evaluate(AXE_SCRIPT.read_text())
    results = page.evaluate(RUN, WCAG_TAGS)
    return [rule for rule in results["violations"] if rule["impact"] in BLOCKING_IMPACTS]


def describe(label, violations):
    """One paragraph per rule: its id and impact, each offending element, where to read up."""
    lines = []
    for rule in violations:
        lines.append(f"{label}: {rule['id']} ({rule['impact']}): {rule['help']}")
        lines.append(f"  {rule['helpUrl']}")
        for node in rule["nodes"]:
            target = " ".join(
                " > ".join(part) if isinstance(part, list) else part for part in node["target"]
            )
            lines.append(f"  - {target}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)
