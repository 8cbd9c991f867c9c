"""Lighthouse 12 (mobile) on one page of each kind, served as the intranet serves it (nginx with the configuration
of `make deploy-config`), in Debian's Chromium without internet: scripts/lighthouse.py, as `make lighthouse` runs it.

Accessibility, best practices and SEO do not depend on the machine: 100 on every kind of page. Performance is
simulated from what the page costs on this machine's processor, slowed down to a phone's by a factor calibrated to
the machine's benchmark during the run (scripts/lighthouse_run.mjs). It still moves with the load of a shared
machine: a page under the floor is measured again, and fails only when no run reaches it (see *Lighthouse* in
ONDERHOUD.md)."""

from __future__ import annotations

import lighthouse
import pytest
from conftest import LIGHTHOUSE_RUNS


@pytest.fixture(scope="module")
def reports(lighthouse_reports) -> dict[str, list[dict]]:
    """Each kind of page's runs. Lighthouse ran in the background meanwhile, from as soon as the site was built
    (`lighthouse_reports` in conftest.py): LIGHTHOUSE_RUNS runs per page, more for a page under the floor."""
    runs = {kind: lighthouse_reports[path] for kind, path in lighthouse.PAGE_KINDS.items()}
    assert all(len(each) >= LIGHTHOUSE_RUNS for each in runs.values()), lighthouse_reports.keys()
    return runs


@pytest.mark.parametrize("category", ["accessibility", "best-practices", "seo"])
def test_every_kind_of_page_scores_100(reports, category):
    scores = {kind: lighthouse.medians(runs)[category] for kind, runs in reports.items()}
    below = {kind: score for kind, score in scores.items() if score < 100}
    assert not below, f"{category} under 100 (run `make lighthouse` to see why): {below}"


def test_every_kind_of_page_loads_fast_on_a_phone(reports):
    best = {kind: lighthouse.best_performance(runs) for kind, runs in reports.items()}
    below = {kind: score for kind, score in best.items() if score < lighthouse.PERFORMANCE_FLOOR}
    assert not below, f"performance under {lighthouse.PERFORMANCE_FLOOR} (run `make lighthouse` to see why): {below}"
