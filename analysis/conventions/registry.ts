// The conventions by name: what `analyze(..., { convention })` and
// `--convention NAME` accept.

import { UnknownNameError } from '../../core/errors.js';
import type { Convention } from './convention.js';
import { calflops, deepspeed } from './deepspeed.js';
import { full } from './full_convention.js';
import { fvcore } from './fvcore.js';
import { ptflops } from './ptflops.js';
import { pytorch } from './pytorch.js';
import { thop } from './thop.js';
import { torchinfo } from './torchinfo.js';

const CONVENTIONS: ReadonlyMap<string, Convention> = new Map([fvcore, ptflops, thop, torchinfo, deepspeed, calflops, pytorch, full].map((c) => [c.name, c]));

/** The conventions' names, the default (fvcore) first. */
export function conventionNames(): string[] {
  return [...CONVENTIONS.keys()];
}

/** Every convention, the default first. */
export function conventions(): Convention[] {
  return [...CONVENTIONS.values()];
}

/** The convention called `name`; an UnknownNameError listing the known ones otherwise. */
export function conventionByName(name: string): Convention {
  const c = typeof name === 'string' && CONVENTIONS.has(name) ? CONVENTIONS.get(name) : undefined;
  if (c === undefined) throw new UnknownNameError('convention', String(name), conventionNames());
  return c;
}
