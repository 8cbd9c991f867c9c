"""Lighthouse 12 (mobile) on one page of each kind, served as the intranet serves it (nginx with the configuration
of `make deploy-config`), in Debian's Chromium without internet: scripts/lighthouse.py, as `make lighthouse` runs it.

Accessibility, best practices and SEO do not depend on the machine: 100 on every kind of page. Performance is
simulated from what the page costs on this machine's processor, slowed down to a phone's by a factor calibrated to
the machine's benchmark during the run (scripts/lighthouse_run.mjs). It still moves with the load of a shared
machine: a page under the floor is measured again, and fails only when no run reaches it (see *Lighthouse* in
ONDERHOUD.md)."""

from __future__ import annotations

import json
import shutil
import subprocess

import lighthouse
import pytest
from browser import require_chromium, require_program, require_tool
from conftest import LIGHTHOUSE_RUNS, ROOT
from sitetools import CHROMIUM, NGINX, serve_as_published


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


def test_lighthouse_reads_the_links_of_a_page_as_its_own_gatherer_does(site, tmp_path):
    """The runs ask Chromium about each link's listeners once per node (scripts/lighthouse_anchors.mjs), not once per
    link and ancestor: on the start page, Lighthouse's own AnchorElements and that one give the same links with the
    same listeners, so the SEO and best-practice audits that read them score the same."""
    require_chromium()
    require_program(NGINX, "nginx", "nginx")
    require_program(shutil.which("node"), "node", "nodejs")
    require_tool(lighthouse.LIGHTHOUSE / "package.json", "run `npm ci` (make test does where npm is installed)")
    with serve_as_published(site.site, tmp_path) as address:
        settings = {"chromium": CHROMIUM, "flags": lighthouse.FLAGS, "url": address}
        result = subprocess.run(
            ["node", str(ROOT / "tests" / "lighthouse_anchors_same.mjs"), json.dumps(settings)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 0, result.stderr
    compared = json.loads(result.stdout)
    assert compared["links"] >= 50 and compared["withListeners"] == compared["links"], compared
    assert compared["same"], compared


def test_lighthouse_scores_with_every_weighed_audit_and_the_same_load_as_it_ships():
    """The runs leave out only audits that weigh in no category (scripts/lighthouse_config.mjs): every category weighs
    the same audits with the same weights as the installed Lighthouse's default configuration, so the same page gets
    the same scores; and every gatherer that records something while the page loads still runs, so the page loads as
    it does under stock Lighthouse. Left out are gatherers that only read the page afterwards."""
    require_program(shutil.which("node"), "node", "nodejs")
    require_tool(lighthouse.LIGHTHOUSE / "package.json", "run `npm ci` (make test does where npm is installed)")
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "lighthouse_config_same.mjs")], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    compared = json.loads(result.stdout)
    assert compared["sameWeights"] and compared["weighed"] >= 80, compared
    assert {"Trace", "DevtoolsLog", "JsUsage"} <= set(compared["duringTheLoad"]), compared
    assert not compared["leftOutDuringTheLoad"], compared
    assert compared["audits"]["ours"] < compared["audits"]["stock"], compared
