#!/usr/bin/env node
'use strict';
// Stands in for the intc executable in the Format tests (this branch's intc has no `fmt` yet):
// `fake-intc.js fmt FILE` rewrites FILE with trailing blanks removed and one final newline,
// and fails like intc does (message on stderr, exit 2) when the file holds `syntax error`.
// Each call's arguments are appended to the file FAKE_INTC_LOG names, when set.

const fs = require('node:fs');

const args = process.argv.slice(2);
if (process.env.FAKE_INTC_LOG) {
  fs.appendFileSync(process.env.FAKE_INTC_LOG, JSON.stringify({ args, cwd: process.cwd() }) + '\n');
}
if (args[0] !== 'fmt' || args.length !== 2) {
  process.stderr.write(`error: unexpected arguments ${JSON.stringify(args)}\n`);
  process.exit(2);
}
const file = args[1];
const text = fs.readFileSync(file, 'utf8');
if (text.includes('syntax error')) {
  process.stderr.write(`${file}:1:1: error[E0001]: expected a declaration\n`);
  process.exit(2);
}
const formatted = text.split('\n').map((line) => line.trimEnd()).join('\n').replace(/\n*$/, '\n');
fs.writeFileSync(file, formatted);
