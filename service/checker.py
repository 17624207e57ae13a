"""The core, with no Flask: a draft goes in, findings and the overall risk come out."""

from __future__ import annotations

import time

from service.catalogue import Catalogue, load_catalogue, max_severity
from service.classifier.model import ModelStore
from service.config import Settings
from service.findings import SEVERITY_RANK, Draft, Finding
from service.rules import Rule, build_rules


class Checker:
    def __init__(self, catalogue: Catalogue, rules: list[Rule], models: ModelStore | None):
        self.catalogue = catalogue
        self.rules = rules
        self.models = models

    def check(self, draft: Draft) -> dict:
        return self.check_many([draft])[0]

    def check_many(self, drafts: list[Draft]) -> list[dict]:
        """Check drafts in order; the model scores them together, which is much faster."""
        started = time.perf_counter()
        model = self.models.model if self.models else None
        model_findings = (
            model.findings([d.text for d in drafts]) if model and drafts else [[] for _ in drafts]
        )
        batch_ms = (time.perf_counter() - started) * 1000 / max(len(drafts), 1)
        results = []
        for draft, from_model in zip(drafts, model_findings, strict=True):
            t0 = time.perf_counter()
            findings = self._combine(from_model, self._rule_findings(draft))
            took = batch_ms + (time.perf_counter() - t0) * 1000
            results.append(
                {
                    "risk": max_severity(f.severity for f in findings),
                    "findings": [self._public(f) for f in findings],
                    "model_version": model.version if model else None,
                    "took_ms": round(took, 3),
                }
            )
        return results

    def _rule_findings(self, draft: Draft) -> list[Finding]:
        return [f for rule in self.rules for f in rule.analyze(draft)]

    def _combine(self, from_model: list[Finding], from_rules: list[Finding]) -> list[Finding]:
        by_category = {f.category: f for f in from_model}
        for f in from_model:
            f.severity = self.catalogue[f.category].severity
        for f in from_rules:
            category = self.catalogue[f.category]
            # A rule on its own is low; beside a classifier finding of the same subject it
            # takes that finding's severity, and it can raise some of them (TAXONOMY.md).
            related = [by_category[c].severity for c in category.related if c in by_category]
            f.severity = max_severity([category.severity, *related])
            for raised in category.raises:
                if raised in by_category:
                    by_category[raised].severity = "high"
        findings = from_model + from_rules
        findings.sort(key=lambda f: (-SEVERITY_RANK[f.severity], -f.score, f.source, f.category))
        return findings

    def _public(self, f: Finding) -> dict:
        category = self.catalogue[f.category]
        out = {
            "category": f.category,
            "source": f.source,
            "severity": f.severity,
            "score": round(f.score, 4),
            "clause": category.clause,
            "title": category.title,
            "message": category.message,
            "guidance": category.guidance,
            "spans": [s.as_dict() for s in f.spans],
        }
        if f.detail:
            out["detail"] = f.detail
        return out


def build_checker(settings: Settings) -> Checker:
    """The checker a configuration describes: its catalogue, its rules, its models folder."""
    return Checker(
        load_catalogue(settings.catalogue_path),
        build_rules(settings),
        ModelStore(settings.models_dir),
    )
