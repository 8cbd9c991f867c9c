/* Handreiking sociale media: the search index is loaded when a reader starts to search, not with every page.
   Material fetches the whole index (some 280 kB, more as the handreiking grows) as soon as a page opens, also
   for the many readers who never search: on a phone, that is most of what the page weighs. This script runs
   before Material's and holds that one request back until the search box gets focus (by a click, a tap or
   Material's keyboard shortcuts), or the page was opened from a search result (?h=, to highlight the words).
   Material waits for the index as it does on a slow network; its search works as before. */
(() => {
  const INDEX = /\/search\/search_index\.json$/;
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  const held = [];
  let wanted = new URLSearchParams(location.search).has("h");

  const load = () => {
    if (wanted) return;
    wanted = true;
    for (const [request, args] of held.splice(0)) send.apply(request, args);
  };

  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.hrSearchIndex = INDEX.test(new URL(url, location.href).pathname);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (this.hrSearchIndex && !wanted) {
      held.push([this, args]);
      return undefined;
    }
    return send.apply(this, args);
  };

  document.addEventListener("focusin", (event) => {
    if (event.target instanceof Element && event.target.matches("input.md-search__input")) load();
  });
})();
