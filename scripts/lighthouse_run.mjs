// Lighthouse 12 (mobile, its default) on each page given, in one Chromium, one page after the other.
// Called by scripts/lighthouse.py: node scripts/lighthouse_run.mjs '{"chromium": path, "flags": [...], "urls": [...]}'
// Prints one JSON object per run on stdout: the url, the four scores, the metrics, the audits that cost points and
// the machine's benchmark index.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const { chromium, flags, urls } = JSON.parse(process.argv[2]);
const METRICS = [
  "first-contentful-paint",
  "largest-contentful-paint",
  "total-blocking-time",
  "cumulative-layout-shift",
  "speed-index",
];

const chrome = await chromeLauncher.launch({ chromePath: chromium, chromeFlags: flags, logLevel: "silent" });
try {
  for (const url of urls) {
    // A trace now and then comes back without its start (NO_NAVSTART) on a busy machine: measure again.
    let lhr;
    for (let attempt = 0; attempt < 3 && (!lhr || lhr.runtimeError); attempt++) {
      ({ lhr } = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error" }));
    }
    const scores = Object.fromEntries(Object.entries(lhr.categories).map(([id, category]) => [id, category.score]));
    const metrics = Object.fromEntries(METRICS.map((id) => [id, lhr.audits[id].numericValue]));
    // Every audit that weighs in a category and did not pass, with what Lighthouse says about it.
    const failed = [];
    for (const category of Object.values(lhr.categories)) {
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          failed.push({ category: category.id, id: ref.id, score: audit.score, value: audit.displayValue || "" });
        }
      }
    }
    const problem = lhr.runtimeError ? lhr.runtimeError.message : null;
    // How fast this machine was during the run (Lighthouse's own benchmark): a loaded machine scores lower.
    const benchmark = lhr.environment.benchmarkIndex;
    console.log(JSON.stringify({ url, scores, metrics, failed, problem, benchmark }));
  }
} finally {
  await chrome.kill();
}
