/* Handreiking sociale media: Dutch stemming for search queries, prepended to Material's search worker.
   Material appends a wildcard to every term a reader types ("kanalen*"), and lunr skips its stemmer for
   wildcard terms, so a plural never finds its singular: the index holds stems ("kanal" for kanaal and
   kanalen). We add each term's Dutch stem to the query before Material's worker sees it. */
(() => {
  const register = self.addEventListener.bind(self);
  const QUERY = 2; // Material's message type for a search query

  const withStems = (query) =>
    query
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
