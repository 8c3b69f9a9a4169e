/*
 * lunr's plugin for a language without a lunr stemmer, from the handbook's lexicon
 * (generator/search.py writes it into the site as lunr.<code>.min.js; Material's search
 * worker loads it by that name). Every word of a page is indexed under its lemmas and,
 * for a compound, its parts; every word of a query is looked up in the same lexicon, so
 * "kliendikogemust" and "kliendikogemusele" both find the pages that say "kliendikogemus"
 * in any form. Runs in the search worker; reads nothing but this file.
 */
(function (lunr) {
  "use strict";
  var LANG = __LANG__;
  var DATA = __LEXICON__;
  var MIN_PART = 3; // the shortest part of a compound that a word not in the lexicon is split into
  var OTHER_READING = 0.3; // the weight of a query word's other lemmas (juhi: juht, and juhtima at 0.3)
  var PART = 0.2; // the weight of the parts of a compound split on the fly

  // form -> [lemma, ...]; lemma -> [part, ...] (compounds only)
  var forms = new Map();
  var parts = new Map();
  function add(form, lemma) {
    var known = forms.get(form);
    if (!known) forms.set(form, [lemma]);
    else if (known.indexOf(lemma) < 0) known.push(lemma);
  }
  function applyEnding(lemma, ending) {
    var m = /^(\d+)(.*)$/.exec(ending);
    var cut = +m[1];
    return (cut ? lemma.slice(0, -cut) : lemma) + m[2];
  }
  // An action noun's forms read as its verb too (juhtimine, juhtima): DATA.also.
  var also = new Map(DATA.also.map(function (entry) { return [entry[0], entry.slice(1)]; }));
  function addReadings(form, lemma) {
    add(form, lemma);
    var more = also.get(lemma);
    if (more) more.forEach(function (m) { add(form, m); });
  }
  var paradigms = DATA.paradigms.map(function (p) { return p ? p.split(",") : []; });
  DATA.lemmas.forEach(function (entry) {
    var lemma = entry[0];
    addReadings(lemma, lemma);
    paradigms[entry[1]].forEach(function (ending) { addReadings(applyEnding(lemma, ending), lemma); });
    if (entry.length > 2) parts.set(lemma, entry.slice(2));
  });
  DATA.extra.forEach(function (entry) {
    for (var i = 1; i < entry.length; i++) addReadings(entry[0], entry[i]);
  });

  // A reader without õ ä ö ü on the keyboard types o a o u: a word in plain letters that the
  // lexicon lacks is looked up among the forms with their marks taken off (that table is made at
  // the first such word, so building the index is not slower).
  var folded = null;
  function plain(word) {
    return word.normalize("NFD").replace(/\p{M}/gu, "");
  }
  function byPlainForm(word) {
    if (/[^\x00-\x7f]/.test(word)) return undefined;
    if (!folded) {
      folded = new Map();
      forms.forEach(function (lemmas, form) {
        var key = plain(form);
        if (key === form) return;
        var known = folded.get(key);
        if (!known) folded.set(key, lemmas.slice());
        else lemmas.forEach(function (l) { if (known.indexOf(l) < 0) known.push(l); });
      });
    }
    return folded.get(word);
  }

  function trim(word) {
    return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  }

  /*
   * What a word is: {lemmas, parts} where lemmas are what it may be a form of and parts
   * the parts of a compound; null for a word the lexicon does not know and cannot split.
   * A word not in the lexicon is tried as a compound of two known forms, the longer
   * known ending first ("kliendikogemusjuhile" -> "kliendikogemus" + "juhile").
   */
  function analyse(word) {
    var lemmas = forms.get(word) || byPlainForm(word);
    if (lemmas) {
      var ps = [];
      lemmas.forEach(function (l) { (parts.get(l) || []).forEach(function (p) { if (ps.indexOf(p) < 0) ps.push(p); }); });
      return { lemmas: lemmas, parts: ps };
    }
    for (var i = MIN_PART; i <= word.length - MIN_PART; i++) {
      var head = word.slice(0, i), tail = forms.get(word.slice(i));
      if (!tail) continue;
      var first = forms.get(head);
      if (!first) continue;
      var all = first.slice();
      tail.forEach(function (l) { if (all.indexOf(l) < 0) all.push(l); });
      return { lemmas: tail.map(function (l) { return head + l; }), parts: all };
    }
    return null;
  }

  // Indexing: a word becomes its lemmas and its parts, each keeping the word's position (for highlighting).
  function indexTerms(token) {
    var word = trim(token.toString());
    if (!word) return undefined;
    var found = analyse(word);
    if (!found) return token.clone(function () { return word; });
    var terms = found.lemmas.slice();
    found.parts.forEach(function (p) { if (terms.indexOf(p) < 0) terms.push(p); });
    return terms.map(function (t) { return token.clone(function () { return t; }); });
  }
  lunr.Pipeline.registerFunction(indexTerms, "lexicon-index-" + LANG);

  // A query word passed through lunr's own search pipeline (Material adds a wildcard, which skips it; see below).
  function queryTerms(token) {
    var word = trim(token.toString());
    var found = word && analyse(word);
    if (!found) return word ? token.clone(function () { return word; }) : undefined;
    return found.lemmas.map(function (t) { return token.clone(function () { return t; }); });
  }
  lunr.Pipeline.registerFunction(queryTerms, "lexicon-query-" + LANG);

  /*
   * Material ends every query word with "*" (search as you type), and lunr then skips the
   * search pipeline. So the lexicon is applied where a query's clauses are made: a word the
   * lexicon knows becomes one clause per lemma, without the wildcard (its lemma is what the
   * index holds); a compound split on the fly also asks for its parts, weighted low; any
   * other word stays as typed, a prefix, as before. Material's own reading of the query
   * (which words are missing from a result) goes through the same place and so sees lemmas.
   */
  var quiet = new Set(); // alternative lemmas: not reported "missing" when another reading matched
  var clause = lunr.Query.prototype.clause;
  lunr.Query.prototype.clause = function (c) {
    if (typeof c.term !== "string" || "editDistance" in c || c.term.charAt(0) === "*")
      return clause.call(this, c);
    var word = trim(c.term);
    var found = word && analyse(word);
    if (!found) return clause.call(this, c);
    var self = this;
    var seen = [];
    var emit = function (term, boost, alternative) {
      if (seen.indexOf(term) >= 0) return;
      seen.push(term);
      if (alternative) quiet.add(term);
      var copy = {};
      for (var k in c) copy[k] = c[k];
      copy.term = term;
      copy.usePipeline = false;
      copy.wildcard = lunr.Query.wildcard.NONE;
      copy.boost = (c.boost || 1) * boost;
      // Of a word that has several readings, one must match where the word was required.
      if (alternative && c.presence === lunr.Query.presence.REQUIRED) copy.presence = lunr.Query.presence.OPTIONAL;
      clause.call(self, copy);
    };
    var split = !forms.has(word) && !byPlainForm(word);
    found.lemmas.forEach(function (l, i) { emit(l, i ? OTHER_READING : 1, i > 0); });
    if (split) found.parts.forEach(function (p) { emit(p, PART, true); });
    return this;
  };
  var stopWordFilter = lunr.stopWordFilter;
  if (stopWordFilter) {
    lunr.stopWordFilter = function (token) {
      return quiet.has(String(token)) ? undefined : stopWordFilter(token);
    };
    lunr.stopWordFilter.label = stopWordFilter.label; // lunr's pipeline knows it by this name
  }

  lunr[LANG] = function () {
    // Length counts, as in lunr's default (Material sets none): of two titles that hold the query,
    // the one that is the query comes first ("Kliendikogemuse juht" before "Kliendikogemuse juhi käsiraamat").
    this.b(0.75);
    this.pipeline.reset();
    this.pipeline.add(indexTerms);
    this.searchPipeline.reset();
    this.searchPipeline.add(queryTerms);
  };
  lunr[LANG].analyse = analyse; // for the tests and the benchmark
})(self.lunr);
