/* Handreiking sociale media: Dutch stop words and stemming for search queries, prepended to Material's search worker.
   Material appends a wildcard to every term a reader types ("kanalen*"), and lunr skips its stemmer for
   wildcard terms, so a plural never finds its singular: the index holds stems ("kanal" for kanaal and
   kanalen). We add each term's Dutch stem to the query before Material's worker sees it. */
(() => {
  const register = self.addEventListener.bind(self);
  const QUERY = 2; // Material's message type for a search query

  // Dutch function words a colleague types in a question ("mag ik op mijn eigen linkedin ...") that match
  // every page. The words a rule lives by (niet, geen, mag, moet, wel, nooit, altijd) are not here.
  const STOP = new Set(
    (
      "de het een en of in op aan van voor met bij naar om te tot uit over door als dan dat die dit deze er " +
      "ik je jij u we wij ze zij hij hem haar hun ons onze mijn mij me jouw uw zijn is was ben bent heb hebt " +
      "heeft hebben wordt worden werd kan kun kunnen zal zou wil wat wie hoe waar wanneer waarom welke welk " +
      "ook nog al maar zo dus even iets iemand per"
    ).split(" "),
  );

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
