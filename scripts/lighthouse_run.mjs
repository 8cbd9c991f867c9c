// Lighthouse 12 (mobile, its default) on each page given, in one Chromium, one page after the other, with the CPU
// slowdown calibrated to the machine's speed during the run.
// Called by scripts/lighthouse.py: node scripts/lighthouse_run.mjs '{"chromium": path, "flags": [...], "urls": [...]}'
// ("stock": true for Lighthouse's default configuration as it ships, to compare). Prints one JSON object per run on
// stdout: the url, the four scores, the metrics, the audits that cost points, the machine's benchmark index, the CPU
// slowdown used and the seconds Lighthouse took.
import * as chromeLauncher from "chrome-launcher";
// Lighthouse's own two halves of `lighthouse()`: gather, then audit. Between them the CPU slowdown is set from the
// benchmark the gathering measured. (The package has no "exports" map; the version is pinned in package-lock.json.)
import { navigationGather } from "lighthouse/core/gather/navigation-runner.js";
import { Runner } from "lighthouse/core/runner.js";
import { CONFIG } from "./lighthouse_config.mjs";

const { chromium, flags, urls, stock } = JSON.parse(process.argv[2]);
const METRICS = [
  "first-contentful-paint",
  "largest-contentful-paint",
  "total-blocking-time",
  "cumulative-layout-shift",
  "speed-index",
];

// Lighthouse simulates a mid-tier phone by slowing down what this machine's processor did, 4 times by default: right
// for a desktop with a benchmark index of about 1500 or more, too much for a shared machine under load, whose report
// Lighthouse then marks with a warning about a slow host. Lighthouse's throttling guide (docs/throttling.md,
// "Calibrating the CPU slowdown") sends you to its CPU slowdown calculator; under 1533 these are that calculator's
// brackets: 150 is 1x, 800 is 2x, 1300 is 3x. From 1533 on the slowdown stays Lighthouse's default of 4x, so a fast
// machine scores as stock Lighthouse would. Under 150 the calculator says a machine is too slow to emulate a phone.
function cpuSlowdown(benchmarkIndex) {
  if (benchmarkIndex >= 1300) return Math.min(4, 3 + (benchmarkIndex - 1300) / 233);
  if (benchmarkIndex >= 800) return 2 + (benchmarkIndex - 800) / 500;
  if (benchmarkIndex >= 150) return 1 + (benchmarkIndex - 150) / 650;
  return null;
}

async function measure(url, port) {
  const { artifacts, runnerOptions } = await navigationGather(undefined, url, {
    config: stock ? undefined : CONFIG,
    flags: { port, output: "json", logLevel: "error" },
  });
  const slowdown = cpuSlowdown(artifacts.BenchmarkIndex);
  if (slowdown === null) return { lhr: null, slowdown, benchmark: artifacts.BenchmarkIndex };
  // The gathered artifacts hold the same settings object, so gathering and auditing still agree.
  runnerOptions.resolvedConfig.settings.throttling.cpuSlowdownMultiplier = slowdown;
  const { lhr } = await Runner.audit(artifacts, { ...runnerOptions, computedCache: new Map() });
  return { lhr, slowdown, benchmark: artifacts.BenchmarkIndex };
}

// Every audit that weighs in a category, with its category: what the scores are made of.
function weighed(lhr) {
  return Object.values(lhr.categories).flatMap((category) =>
    category.auditRefs.filter((ref) => ref.weight > 0).map((ref) => ({ category, audit: lhr.audits[ref.id] })),
  );
}

// Why Lighthouse could not score the run, if it could not: the whole run failed, or an audit that weighs in a category
// had no score (a metric it could not read from the trace), which leaves that category without one.
function unscored(lhr) {
  if (lhr.runtimeError) return lhr.runtimeError.message;
  const broken = weighed(lhr).find(({ audit }) => audit.scoreDisplayMode === "error");
  return broken ? `${broken.audit.id}: ${broken.audit.errorMessage}` : null;
}

const chrome = await chromeLauncher.launch({ chromePath: chromium, chromeFlags: flags, logLevel: "silent" });
try {
  for (const url of urls) {
    // A trace now and then comes back without its start (NO_NAVSTART) or a metric on a busy machine, and a machine
    // busy enough may fall under what can emulate a phone: measure again.
    let run;
    for (let attempt = 0; attempt < 3 && (!run?.lhr || unscored(run.lhr)); attempt++) {
      run = await measure(url, chrome.port);
    }
    const { lhr, slowdown, benchmark } = run;
    if (!lhr) {
      const problem = `this machine was too busy to emulate a phone (benchmark index ${benchmark}, under 150)`;
      console.log(JSON.stringify({ url, problem, benchmark }));
      continue;
    }
    const scores = Object.fromEntries(Object.entries(lhr.categories).map(([id, category]) => [id, category.score]));
    const metrics = Object.fromEntries(METRICS.map((id) => [id, lhr.audits[id].numericValue]));
    // Every audit that weighs in a category and did not pass, with what Lighthouse says about it.
    const failed = weighed(lhr)
      .filter(({ audit }) => audit.score !== null && audit.score < 1)
      .map(({ category, audit }) => ({
        category: category.id,
        id: audit.id,
        score: audit.score,
        value: audit.displayValue || "",
      }));
    const problem = unscored(lhr);
    const seconds = lhr.timing.total / 1000;
    console.log(JSON.stringify({ url, scores, metrics, failed, problem, benchmark, slowdown, seconds }));
  }
} finally {
  await chrome.kill();
}
