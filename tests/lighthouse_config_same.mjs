// scripts/lighthouse_config.mjs against the default configuration of the installed Lighthouse: prints, as JSON,
// whether every category weighs the same audits with the same weights, and which gatherers that record something
// while the page loads (the load the performance metrics are simulated from) the configuration would leave out.
// Called by tests/test_lighthouse.py: node tests/lighthouse_config_same.mjs
import { initializeConfig } from "lighthouse/core/config/config.js";
import BaseGatherer from "lighthouse/core/gather/base-gatherer.js";
import { CONFIG } from "../scripts/lighthouse_config.mjs";

const stock = (await initializeConfig("navigation")).resolvedConfig;
const ours = (await initializeConfig("navigation", CONFIG)).resolvedConfig;

const weighed = (config) =>
  Object.fromEntries(
    Object.entries(config.categories).map(([id, category]) => [
      id,
      category.auditRefs.filter((ref) => ref.weight > 0).map((ref) => `${ref.id}:${ref.weight}`),
    ]),
  );
const duringTheLoad = (artifact) =>
  ["startInstrumentation", "startSensitiveInstrumentation"].some(
    (method) => artifact.gatherer.instance[method] !== BaseGatherer.prototype[method],
  );
const ourArtifacts = new Set(ours.artifacts.map((artifact) => artifact.id));

console.log(
  JSON.stringify({
    sameWeights: JSON.stringify(weighed(stock)) === JSON.stringify(weighed(ours)),
    weighed: Object.values(weighed(stock)).flat().length,
    audits: { stock: stock.audits.length, ours: ours.audits.length },
    duringTheLoad: stock.artifacts.filter(duringTheLoad).map((artifact) => artifact.id),
    leftOutDuringTheLoad: stock.artifacts
      .filter((artifact) => duringTheLoad(artifact) && !ourArtifacts.has(artifact.id))
      .map((artifact) => artifact.id),
    leftOut: stock.artifacts.filter((artifact) => !ourArtifacts.has(artifact.id)).map((artifact) => artifact.id),
  }),
);
