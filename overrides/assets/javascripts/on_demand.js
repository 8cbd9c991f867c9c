/* Handreiking sociale media: Material's bundle asks for two files with every page it opens; this script runs before
   it and holds them back.
   - The search index is loaded when a reader starts to search. Material fetches the whole index (some 300 kB, more
     as the handreiking grows) as soon as a page opens, also for the many readers who never search: on a phone,
     that is most of what the page weighs. The request waits until the search box gets focus (by a click, a tap or
     Material's keyboard shortcuts), or the page was opened from a search result (?h=, to highlight the words).
     Material waits for the index as it does on a slow network; its search works as before.
   - The sitemap is never loaded. Material's language selector reads every <link rel="alternate"> as a page in
     another language and fetches the sitemap.xml beside it, to switch languages on the same page; the only such
     link here is the feed of changes, so every page fetched the site's sitemap (16 kB) and read its every address
     on the reader's phone, for a selector the handreiking does not have. */
(() => {
  const INDEX = /\/search\/search_index\.json$/;
  const SITEMAP = /\/sitemap\.xml$/;
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
    const path = new URL(url, location.href).pathname;
    this.hrSearchIndex = INDEX.test(path);
    this.hrSitemap = SITEMAP.test(path);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (this.hrSitemap) return undefined;
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
