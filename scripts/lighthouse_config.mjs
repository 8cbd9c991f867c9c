// The configuration scripts/lighthouse_run.mjs measures with: Lighthouse's default configuration, scored as it is,
// with less work for the same scores.
// - AnchorElements asks Chromium each question once (scripts/lighthouse_anchors.mjs).
// - No audit runs that weighs in no category. A category's score is the weighted mean of its audits, so these change
//   no score: they are diagnostics for a report (a table of the main thread's work, unused CSS, the screenshot of the
//   whole page, the back/forward-cache test that leaves the page and comes back). What only they need is not
//   gathered either: the stylesheets and their rule use, the compression and image checks, DOM statistics.
// - Except the audits whose gatherers record something while the page loads (script coverage, animations): they
//   take part in the load that the performance metrics are simulated from, and without them the page would load
//   with less beside it than stock Lighthouse measures.
// tests/lighthouse_config_same.mjs holds this to the default configuration of the installed Lighthouse.
import { fileURLToPath } from "node:url";
import defaultConfig from "lighthouse/core/config/default-config.js";

// Weight 0, kept for their gatherer's part in the load: JsUsage (script coverage) and TraceElements (animations).
const GATHERED_DURING_THE_LOAD = new Set(["unused-javascript", "largest-contentful-paint-element"]);

export const WEIGHED = new Set(
  Object.values(defaultConfig.categories).flatMap((category) =>
    category.auditRefs.filter((ref) => ref.weight > 0).map((ref) => ref.id),
  ),
);

export const UNWEIGHED = defaultConfig.audits
  .map((audit) => (typeof audit === "string" ? audit : audit.path).split("/").pop())
  .filter((id) => !WEIGHED.has(id) && !GATHERED_DURING_THE_LOAD.has(id));

export const CONFIG = {
  extends: "lighthouse:default",
  settings: { disableFullPageScreenshot: true, skipAudits: UNWEIGHED },
  artifacts: [{ id: "AnchorElements", gatherer: fileURLToPath(new URL("lighthouse_anchors.mjs", import.meta.url)) }],
};
