"""image_attached: the extension reports images or videos attached to the draft."""

from __future__ import annotations

from service.findings import Draft, Finding


class ImageAttachedRule:
    id = "image_attached"

    def analyze(self, draft: Draft) -> list[Finding]:
        if draft.images <= 0 and draft.videos <= 0:
            return []
        parts = []
        if draft.images:
            parts.append(f"{draft.images} image{'s' if draft.images != 1 else ''}")
        if draft.videos:
            parts.append(f"{draft.videos} video{'s' if draft.videos != 1 else ''}")
        return [Finding(self.id, "rule", 1.0, [], detail=" and ".join(parts) + " attached")]
