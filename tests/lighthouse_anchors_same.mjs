// Lighthouse's AnchorElements and scripts/lighthouse_anchors.mjs (the same gatherer, asking Chromium each question
// once) on the same open page, one after the other: prints the number of links and whether the two artifacts are the
// same (but for where each link was on the screen at that moment), with the listeners of each link and of its ancestors as sets of event types (the order in which Chromium
// answers is not fixed). Called by tests/test_lighthouse.py:
// node tests/lighthouse_anchors_same.mjs '{"chromium": path, "flags": [...], "url": url}'
import { fileURLToPath } from "node:url";
import * as chromeLauncher from "chrome-launcher";
import { snapshotGather } from "lighthouse/core/gather/snapshot-runner.js";
import puppeteer from "puppeteer-core";

const { chromium, flags, url } = JSON.parse(process.argv[2]);
const OURS = fileURLToPath(new URL("../scripts/lighthouse_anchors.mjs", import.meta.url));

function comparable(anchors) {
  return anchors.map((anchor) => ({
    ...anchor,
    // lhId counts the run's nodes; boundingRect is where the link was at that moment (Material moves its menu as
    // the page settles), which no audit of links reads.
    node: { ...anchor.node, lhId: undefined, boundingRect: undefined },
    listeners: anchor.listeners.map((listener) => listener.type).sort(),
    ancestorListeners: anchor.ancestorListeners.map((listener) => listener.type).sort(),
  }));
}

async function anchorElements(page, gatherer) {
  const config = {
    extends: "lighthouse:default",
    settings: { onlyAudits: ["crawlable-anchors"] },
    artifacts: gatherer ? [{ id: "AnchorElements", gatherer }] : undefined,
  };
  const { artifacts } = await snapshotGather(page, { config, flags: { logLevel: "error" } });
  return artifacts.AnchorElements;
}

const chrome = await chromeLauncher.launch({ chromePath: chromium, chromeFlags: flags, logLevel: "silent" });
try {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null });
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: "load" });
  const lighthouses = await anchorElements(page, null);
  const ours = await anchorElements(page, OURS);
  const withListeners = lighthouses.filter((anchor) => anchor.listeners.length + anchor.ancestorListeners.length);
  console.log(
    JSON.stringify({
      links: lighthouses.length,
      withListeners: withListeners.length,
      same: JSON.stringify(comparable(lighthouses)) === JSON.stringify(comparable(ours)),
    }),
  );
  await browser.disconnect();
} finally {
  await chrome.kill();
}
