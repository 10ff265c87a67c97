// @ts-check
'use strict';
// Import cost, in a fresh process (run by bench/synth.js many times):
//
//   node bench/synth-import.js <lib>
//
// Requires the library's dependencies first (constructs, cdk8s, cdk8s-plus-27),
// then times `require(<lib>)`: what the library adds to a program that already
// uses cdk8s and cdk8s-plus-27. Prints one JSON line, milliseconds.

const libPath = process.argv[2];
if (!libPath) throw new Error('usage: synth-import.js <lib>');

const t0 = process.hrtime.bigint();
require('constructs');
require('cdk8s');
require('cdk8s-plus-27');
const t1 = process.hrtime.bigint();
const lib = require(require('path').resolve(libPath));
const t2 = process.hrtime.bigint();
if (typeof lib.StatefulWeb !== 'function') throw new Error(`${libPath} exports no StatefulWeb`);

process.stdout.write(JSON.stringify({ deps: Number(t1 - t0) / 1e6, lib: Number(t2 - t1) / 1e6 }) + '\n');
