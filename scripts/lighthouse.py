"""Lighthouse 12 (mobile) on one page of each kind of the built site, served as the intranet serves it (nginx with
the configuration of `make deploy-config`), in Debian's Chromium without internet.

Usage: python scripts/lighthouse.py [--site site] [--runs 3] [--again-under 70] [--json reports.json] [--stock]
(make lighthouse: builds first). Prints the median of the runs per page and category, the metrics behind performance,
and every audit that cost points. Exits 1 when a page scores under 100 in accessibility, best practices or SEO.
With --stock it compares instead what Lighthouse's default configuration as it ships costs against the one the runs
use (scripts/lighthouse_run.mjs), turn by turn: the scores of both and the median seconds per page.
See *Lighthouse* in ONDERHOUD.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sitetools import BROTLI_MODULE, CHROMIUM, CHROMIUM_ARGS, ROOT, serve_as_published

RUNNER = ROOT / "scripts" / "lighthouse_run.mjs"
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse"

# One page of each kind; of the printable pages both a part and the whole handreiking, the heaviest page of the site.
PAGE_KINDS = {
    "home": "",
    "fase": "fasen/conversatie/",
    "richtlijn": "richtlijnen/crisiscommunicatie/",
    "overzicht": "overzichten/kanalen/",
    "reactieschema stap voor stap": "overzichten/reactieschema-stap-voor-stap/",
    "afdrukpagina": "afdrukken/richtlijnen/",
    "de hele handreiking": "afdrukken/",
    "404": "404.html",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]

# The performance the tests hold every kind of page to (tests/test_lighthouse.py): a page under it is measured again,
# twice at most, and fails only when no run reached it. A busy machine slows one run; a slow page slows all three.
# Calibrated single runs with four busy processes beside Lighthouse on two cores (7 December 2026): 88 to 100 for the
# site's pages, 74 to 81 for the whole handreiking with its parts unfolded. The floor catches only a large step back;
# tests/test_print.py guards the folding itself.
PERFORMANCE_FLOOR = 70
MEASURED_AGAIN = 2

# Headless, and every host name but localhost unresolvable: Lighthouse and the page cannot reach the internet.
FLAGS = [*CHROMIUM_ARGS, "--headless=new", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


# The site is served with its Brotli copies (`make deploy-config BROTLI=1`) where nginx has the module to send them
# (CI installs it), as an intranet that can should publish it; otherwise with gzip alone, and the report says so.
BROTLI = BROTLI_MODULE.exists()


def run(base: str, paths: list[str], runs: int, stock: bool = False) -> dict[str, list[dict]]:
    """Lighthouse `runs` times on each path of the site served at `base` (`served`); each path's results, in order."""
    urls = [path for path in paths for _ in range(runs)]
    settings = {"chromium": CHROMIUM, "flags": FLAGS, "urls": [base + path for path in urls], "stock": stock}
    result = subprocess.run(
        ["node", str(RUNNER), json.dumps(settings)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120 * len(urls),
    )
    if result.returncode != 0:
        raise RuntimeError(f"Lighthouse stopped:\n{result.stdout}\n{result.stderr}")
    results: dict[str, list[dict]] = {path: [] for path in paths}
    for path, line in zip(urls, result.stdout.splitlines(), strict=True):
        report = json.loads(line)
        if report["problem"]:
            raise RuntimeError(f"Lighthouse could not measure {path}: {report['problem']}")
        results[path].append(report)
    return results


@contextlib.contextmanager
def served(site_dir: Path) -> Iterator[str]:
    """The built site served as the intranet serves it, once for all the runs; yields its address."""
    with tempfile.TemporaryDirectory() as workdir, serve_as_published(site_dir, Path(workdir), BROTLI) as base:
        yield base


def run_again_under(base: str, paths: list[str], runs: int, floor: float) -> dict[str, list[dict]]:
    """`run`, then each page whose runs all scored under `floor` in performance measured again, MEASURED_AGAIN
    times at most: the results of every run."""
    results = run(base, paths, runs)
    for _ in range(MEASURED_AGAIN):
        under = [path for path in paths if best_performance(results[path]) < floor]
        if not under:
            break
        for path, reports in run(base, under, 1).items():
            results[path] += reports
    return results


def best_performance(reports: list[dict]) -> float:
    """The best performance of the runs, 0–100."""
    return max(r["scores"]["performance"] * 100 for r in reports)


def medians(reports: list[dict]) -> dict[str, float]:
    """The median score of each category, 0–100."""
    return {category: statistics.median(r["scores"][category] * 100 for r in reports) for category in CATEGORIES}


def processor_seconds() -> float:
    """The processor time of this process's ended children and theirs (Node, Chromium and its processes, nginx)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def compare_with_stock(base: str, runs: int) -> int:
    """Lighthouse as it ships and as the runs use it, turn by turn on every kind of page: the scores of each (the same
    but for the noise in performance), the median seconds Lighthouse took per page, and the median processor time of
    a turn over all pages (Lighthouse, Chromium and the server: what a run of the tests pays), with their ratios."""
    paths = list(PAGE_KINDS.values())
    taken: dict[bool, dict[str, list[dict]]] = {stock: {path: [] for path in paths} for stock in (True, False)}
    processor: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(runs):
        for stock in taken:
            before = processor_seconds()
            for path, reports in run(base, paths, 1, stock).items():
                taken[stock][path] += reports
            processor[stock].append(processor_seconds() - before)
    seconds = {
        stock: {path: statistics.median(r["seconds"] for r in taken[stock][path]) for path in paths} for stock in taken
    }
    print(f"Lighthouse zoals geleverd tegen zoals de metingen het gebruiken, {runs} keer om beurten (mediaan)")
    print(
        f"{'pagina':32} {'scores geleverd':>20} {'scores hier':>20} {'s geleverd':>11} {'s hier':>7} {'verhouding':>10}"
    )
    for kind, path in PAGE_KINDS.items():
        scores = {stock: "/".join(f"{medians(taken[stock][path])[c]:.0f}" for c in CATEGORIES) for stock in taken}
        shipped, here = seconds[True][path], seconds[False][path]
        print(f"{kind:32} {scores[True]:>20} {scores[False]:>20} {shipped:11.1f} {here:7.1f} {here / shipped:10.2f}")
    shipped, here = sum(seconds[True].values()), sum(seconds[False].values())
    print(f"{'samen':32} {'':>20} {'':>20} {shipped:11.1f} {here:7.1f} {here / shipped:10.2f}")
    shipped, here = statistics.median(processor[True]), statistics.median(processor[False])
    print(f"{'processortijd (s), alle samen':32} {'':>20} {'':>20} {shipped:11.1f} {here:7.1f} {here / shipped:10.2f}")
    return 0


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--again-under", type=float, default=0, help="measure a page again when under this")
    parser.add_argument("--json", type=Path, help="also write every report here, per page (the tests read them)")
    parser.add_argument("--stock", action="store_true", help="compare with Lighthouse's configuration as it ships")
    options = parser.parse_args(arguments)
    if not (options.site / "index.html").exists():
        sys.exit(f"Er is geen gebouwde site in {options.site}: voer eerst `make build` uit.")
    if not (LIGHTHOUSE.exists() and CHROMIUM and shutil.which("node")):
        sys.exit("Lighthouse heeft node, Chromium en `npm ci` nodig (zie README).")
    print(
        "Geserveerd door nginx met de Brotli-kopieën (make deploy-config BROTLI=1)."
        if BROTLI
        else f"Geserveerd door nginx met gzip alleen: {BROTLI_MODULE} ontbreekt (libnginx-mod-http-brotli-static)."
    )
    with served(options.site) as base:
        if options.stock:
            return compare_with_stock(base, options.runs)
        results = run_again_under(base, list(PAGE_KINDS.values()), options.runs, options.again_under)
    if options.json:
        options.json.write_text(json.dumps(results), encoding="utf-8")
    below = []
    print(f"Lighthouse 12, mobiel, mediaan van de metingen per pagina ({options.runs}, of meer onder --again-under)")
    print(
        f"{'pagina':32} {'perf':>5} {'a11y':>5} {'bp':>5} {'seo':>5}   FCP    LCP    TBT    CLS    (perf/benchmark/vertraging per meting)"
    )
    for kind, path in PAGE_KINDS.items():
        reports = results[path]
        score = medians(reports)
        metrics = {m: statistics.median(r["metrics"][m] for r in reports) for m in reports[0]["metrics"]}
        each = " ".join(
            f"{r['scores']['performance'] * 100:.0f}/{r['benchmark']:.0f}/{r['slowdown']:.1f}x" for r in reports
        )
        print(
            f"{kind:32} {score['performance']:5.0f} {score['accessibility']:5.0f} {score['best-practices']:5.0f} "
            f"{score['seo']:5.0f}  {metrics['first-contentful-paint']:5.0f}  {metrics['largest-contentful-paint']:5.0f}"
            f"  {metrics['total-blocking-time']:5.0f}  {metrics['cumulative-layout-shift']:5.3f}  ({each})"
        )
        for finding in {(f["category"], f["id"], f["value"]) for r in reports for f in r["failed"]}:
            print(f"    {finding[0]}: {finding[1]} {finding[2]}")
        below += [kind for category in CATEGORIES[1:] if score[category] < 100]
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
