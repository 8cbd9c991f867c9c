/* Handreiking sociale media: Dutch stop words and stemming for search, prepended to Material's search worker.
   - Stop words: lunr's Dutch list drops niet, geen, moet and wat, the very words of a guideline's do's and
     don'ts ("Wat mag niet?"). Ours drops only function words, in the index and in every query alike.
   - Stemming: Material appends a wildcard to every term a reader types ("kanalen*"), and lunr skips its
     stemmer for wildcard terms, so a plural never finds its singular: the index holds stems ("kanal" for
     kanaal and kanalen). We add each term's Dutch stem to the query before Material's worker sees it.
   - The answering section: Material lists a page's sections only when they score as high as the best entry
     of that page, and the page itself nearly always wins (its title counts a thousand times), so the section
     that answers hid under "meer op deze pagina". We put the best section first in its page's results:
     Material then shows it, with its text, under the page's title. */
(() => {
  const register = self.addEventListener.bind(self);
  const load = self.importScripts.bind(self);
  const post = self.postMessage.bind(self);
  const QUERY = 2; // Material's message types: a search query, and its results
  const RESULT = 3;

  // Dutch function words a colleague types in a question ("mag ik op mijn eigen linkedin ...") that match
  // every page. The words a rule lives by (niet, geen, mag, moet, wel, nooit, altijd) are not here.
  const STOP_WORDS = (
    "de het een der des en of in op aan van voor met bij naar om te tot uit over door als dan dat die dit " +
    "deze er ik je jij u we wij ze zij hij hem haar hun hen ons onze mijn mij me jouw uw jullie zich zelf " +
    "zijn is was ben bent heb hebt heeft hebben had wordt worden werd kan kun kunnen zal zou wil wat wie " +
    "hoe waar wanneer waarom welke welk ook nog al maar zo dus even iets iemand per mee hier daar nu"
  ).split(" ");
  const STOP = new Set(STOP_WORDS);

  // Material builds the index right after it loads lunr's Dutch support; swap in our list at that moment,
  // under the name Material's `pipeline` setting (mkdocs.yml) keeps.
  self.importScripts = (...urls) => {
    load(...urls);
    const nl = self.lunr && self.lunr.nl;
    if (nl && !nl.stopWordFilter.handreiking) {
      const filter = self.lunr.generateStopWordFilter(STOP_WORDS);
      filter.label = "stopWordFilter-nl";
      filter.handreiking = true;
      nl.stopWordFilter = filter;
    }
  };

  const withoutStopWords = (query) => {
    const terms = query.split(/\s+/).filter((term) => term && !STOP.has(term.toLowerCase()));
    return terms.length ? terms.join(" ") : query; // a query of only such words is searched as typed
  };

  const withStems = (query) =>
    withoutStopWords(query)
      .split(/\s+/)
      .flatMap((term) => {
        if (!self.lunr || !self.lunr.nl || !/^[\p{L}\p{N}]+$/u.test(term)) return [term];
        const word = term.toLowerCase();
        const stem = self.lunr.nl.stemmer(new self.lunr.Token(word)).toString();
        return stem && stem !== word ? [term, stem] : [term];
      })
      .join(" ");

  const isSection = (entry) => entry.location.includes("#");
  const bestSectionFirst = (page) => {
    const best = page.findIndex((entry) => isSection(entry) && entry.score > 0);
    return best > 0 && !isSection(page[0]) ? [page[best], ...page.filter((_, i) => i !== best)] : page;
  };

  self.postMessage = (message, ...rest) => {
    if (message && message.type === RESULT && message.data && Array.isArray(message.data.items)) {
      message = { ...message, data: { ...message.data, items: message.data.items.map(bestSectionFirst) } };
    }
    return post(message, ...rest);
  };

  self.addEventListener = (type, listener, options) => {
    if (type !== "message") return register(type, listener, options);
    return register(
      type,
      (event) => {
        const message = event.data;
        if (message && message.type === QUERY && typeof message.data === "string") {
          listener({ data: { type: QUERY, data: withStems(message.data) } });
        } else {
          listener(event);
        }
      },
      options,
    );
  };
})();
