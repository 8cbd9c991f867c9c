// Lighthouse's AnchorElements and scripts/lighthouse_anchors.mjs (the same gatherer, asking Chromium each question
// once) on the same open page, one after the other: prints the number of links and whether the two artifacts are
// the same, but for where each link was on the screen at that moment, and with the listeners of each link and of its
// ancestors as lists of event types in order (Chromium's answers come in no fixed order).
// Called by tests/test_lighthouse.py: node tests/lighthouse_anchors_same.mjs '{"chromium": path, "flags": [...], "url": url}'
import * as chromeLauncher from "chrome-launcher";
import { Driver } from "lighthouse/core/gather/driver.js";
import AnchorElements from "lighthouse/core/gather/gatherers/anchor-elements.js";
import puppeteer from "puppeteer-core";
import AnchorElementsAskedOnce from "../scripts/lighthouse_anchors.mjs";

const { chromium, flags, url } = JSON.parse(process.argv[2]);

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

const chrome = await chromeLauncher.launch({ chromePath: chromium, chromeFlags: flags, logLevel: "silent" });
try {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null });
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: "load" });
  // What Lighthouse gives a gatherer: a driver connected to the page (its getArtifact reads nothing else).
  const driver = new Driver(page);
  await driver.connect();
  const lighthouses = await new AnchorElements().getArtifact({ driver });
  const ours = await new AnchorElementsAskedOnce().getArtifact({ driver });
  await driver.disconnect();
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
