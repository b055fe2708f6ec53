// Every convention flopscope ships, and the registry's look-ups as the
// library exports them. Loading this module hands the list to the registry
// (conventions/registry.ts), from which analyze() reads names without
// importing the rules itself. Node loads it with the library (index.ts
// re-exports from it); a bundler keeps it, with every convention, when the
// app imports one of its exports, and may drop it otherwise (the package
// declares `sideEffects: false`): analyze() then knows fvcore alone.

import type { Convention } from './convention.js';
import { calflops, deepspeed } from './deepspeed.js';
import { full } from './full_convention.js';
import { fvcore } from './fvcore.js';
import { ptflops } from './ptflops.js';
import { pytorch } from './pytorch.js';
import * as registry from './registry.js';
import { thop } from './thop.js';
import { torchinfo } from './torchinfo.js';

/** The built-in conventions, the default (fvcore) first. */
export const BUILT_IN_CONVENTIONS: readonly Convention[] = [fvcore, ptflops, thop, torchinfo, deepspeed, calflops, pytorch, full];

registry.provideConventions(() => BUILT_IN_CONVENTIONS);

/** The conventions' names, the default (fvcore) first. */
export function conventionNames(): string[] {
  return registry.conventionNames();
}

/** Every convention, the default first. */
export function conventions(): Convention[] {
  return registry.conventions();
}

/** The convention called `name`; an UnknownNameError listing the known ones otherwise. */
export function conventionByName(name: string): Convention {
  return registry.conventionByName(name);
}
