"""The review loop: decisions made offline (the HTML page, a CAT tool, OmegaT) brought back into
the brief, kept across reruns, and counted.

* ``readers``: a review file (``brief.review.json``, XLIFF 1.2, TMX, OmegaT's
  ``project_save.tmx``) -> ``Decision`` objects;
* ``merge``: decisions -> a Brief's target segments (``text``, ``origin``, ``review``; ``mt`` and ``tm`` kept);
* ``importer``: ``import_reviews(files, brief=...)``: find the brief, merge, rewrite every format,
  store approved and edited segments in the translation memory;
* ``carry``: a rerun keeps the reviews of the brief it replaces (``stale`` where the MT changed);
* ``status``: counts per target for one brief or a batch folder;
* ``folders``: the brief folders of a brief's folder or a batch folder (import, status, omegat);
* ``omegat``: ``export_omegat(brief_dirs, out)``: one ready OmegaT project per target, with the
  marker that lets the importer find the briefs from ``omegat/project_save.tmx``.
"""

from __future__ import annotations

from .carry import carry_reviews
from .importer import ImportResult, import_reviews
from .merge import Decision
from .omegat import export_omegat
from .status import review_status

__all__ = ["Decision", "ImportResult", "carry_reviews", "export_omegat", "import_reviews", "review_status"]
