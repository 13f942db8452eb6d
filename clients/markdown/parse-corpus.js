#!/usr/bin/env node
// Parses every message of a corpus with @rocket.chat/message-parser (the version pinned in
// ../package.json, the one Rocket.Chat 6.x stores as a message's `md`) and prints the ASTs as one
// JSON array, in corpus order. Started by MessageMarkdownOracleTest; usable by hand:
//   node markdown/parse-corpus.js corpus.json '{"colors":true,"emoticons":true}'
// The corpus is a JSON array of strings. JSON.stringify drops `undefined` members (a LINE_BREAK's
// and a unicode EMOJI's `value`), as Rocket.Chat's JSON answers do.
'use strict';
const fs = require('node:fs');
const { parse } = require('@rocket.chat/message-parser');

const [corpusFile, optionsJson] = process.argv.slice(2);
if (!corpusFile) {
  console.error('usage: parse-corpus.js <corpus.json> [options-json]');
  process.exit(2);
}
const corpus = JSON.parse(fs.readFileSync(corpusFile, 'utf8'));
const options = optionsJson ? JSON.parse(optionsJson) : undefined;
const results = corpus.map((text) => {
  try {
    return { ast: parse(text, options) };
  } catch (e) {
    return { error: String(e && e.message) };
  }
});
process.stdout.write(JSON.stringify(results));
