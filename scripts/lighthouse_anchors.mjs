// Lighthouse 12's own AnchorElements gatherer, asking Chromium each question once.
//
// For every link, the gatherer asks Chromium for the event listeners of the link and of each of its ancestors, and
// it asks again for every link that shares an ancestor: on *De hele handreiking* (1,709 links, 13 deep on average)
// that was 72,000 DevTools questions, and 57 of the 77 seconds Lighthouse took for the page. Lighthouse knows
// (GoogleChrome/lighthouse issue 16704); version 13 stopped looking at the ancestors (pull request 16731). This is
// the same gatherer, code and all, on a session that answers a question it already answered from what Chromium said
// the first time (12,000 questions). The page does not change while Lighthouse gathers, so the artifact is the same:
// tests/lighthouse_anchors_same.mjs compares the two on a page of the site.
import AnchorElements from "lighthouse/core/gather/gatherers/anchor-elements.js";

// The questions AnchorElements asks per node: its place in the tree, the node itself, and its listeners.
const PER_NODE = new Set(["DOM.pushNodeByPathToFrontend", "DOM.resolveNode", "DOMDebugger.getEventListeners"]);

export default class AnchorElementsAskedOnce extends AnchorElements {
  async getArtifact(context) {
    const session = context.driver.defaultSession;
    const answers = new Map();
    const askingOnce = Object.create(session, {
      sendCommand: {
        value: (method, ...rest) => {
          if (!PER_NODE.has(method)) return session.sendCommand(method, ...rest);
          const question = `${method} ${JSON.stringify(rest)}`;
          if (!answers.has(question)) answers.set(question, session.sendCommand(method, ...rest));
          return answers.get(question);
        },
      },
    });
    const driver = Object.create(context.driver, { defaultSession: { value: askingOnce } });
    return super.getArtifact({ ...context, driver });
  }
}
