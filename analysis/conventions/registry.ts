// The conventions by name: what `analyze(..., { convention })` and
// `--convention NAME` accept.
//
// fvcore, analyze()'s own counting, is built in. The other conventions are
// not imported here, so that analyze() alone does not carry their rules (the
// CLI's start-up, a tree-shaken bundle): whoever loads the library says where
// they come from, once, with `provideConventions` -- index.ts the built-in
// list (conventions/builtin.ts), the CLI's library script a loader of that
// module's script -- and the list is read the first time a name other than
// fvcore, or the whole list, is asked for. This source is, with the trace
// sink of core/dispatch.ts, the library's module-level state: set when the
// library loads, read-only afterwards.

import { UnknownNameError } from '../../core/errors.js';
import type { Convention } from './convention.js';
import { fvcore } from './fvcore.js';

/** Where the conventions other than fvcore come from: null once read (or if never given). */
let pending: (() => readonly Convention[]) | null = null;
/** The conventions read so far, by name, the default (fvcore) first. */
const known = new Map<string, Convention>([[fvcore.name, fvcore]]);

/**
 * Says where the conventions other than fvcore come from: `load` is called
 * once, the first time one of them (or the list) is asked for. Called by the
 * library's entry (index.ts) when it loads.
 */
export function provideConventions(load: () => readonly Convention[]): void {
  pending = load;
}

/** Every convention known, by name; reads the provided ones on first use. */
function knownConventions(): ReadonlyMap<string, Convention> {
  if (pending !== null) {
    const load = pending;
    pending = null;
    for (const c of load()) if (!known.has(c.name)) known.set(c.name, c);
  }
  return known;
}

/** The conventions' names, the default (fvcore) first. */
export function conventionNames(): string[] {
  return [...knownConventions().keys()];
}

/** Every convention, the default first. */
export function conventions(): Convention[] {
  return [...knownConventions().values()];
}

/** The convention called `name`; an UnknownNameError listing the known ones otherwise. */
export function conventionByName(name: string): Convention {
  // fvcore, the default, without reading the others.
  if (name === fvcore.name) return fvcore;
  const c = typeof name === 'string' ? knownConventions().get(name) : undefined;
  if (c === undefined) throw new UnknownNameError('convention', String(name), conventionNames());
  return c;
}
