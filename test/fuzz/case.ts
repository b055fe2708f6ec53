// A fuzz case: one bad (or borderline) input and the outcome it must have.
// Each case runs in a child process of its own with a timeout (child.ts), so a
// hang, an abort of V8 or a stack overflow fails that case alone.

import type * as Flopscope from '../../index.js';

export type Library = typeof Flopscope;

/** The outcome a case must have. */
export type Expect =
  /** A FlopscopeError subclass of this name, one line, containing each word. */
  | { readonly error: string; readonly words: readonly string[] }
  /** This result, compared as JSON (bigints as `"123n"`). */
  | { readonly value: unknown };

/** An input through the API. */
export interface ApiCase {
  readonly name: string;
  /** The kind of bad input (the headings of the robustness issue). */
  readonly kind: Kind;
  readonly run: (lib: Library) => unknown;
  readonly expect: Expect;
}

/** An input through the CLI: its arguments and the files of its working directory. */
export interface CliCase {
  readonly name: string;
  readonly kind: Kind;
  readonly argv: readonly string[];
  /** Files written to the case's working directory first (model files). */
  readonly files?: Readonly<Record<string, string>>;
  readonly expect: CliExpect;
}

export type CliExpect =
  /** Exit code, one line on stderr with each word, nothing on stdout. */
  | { readonly code: number; readonly words: readonly string[] }
  /** Exit 0 and stdout containing each word. */
  | { readonly code: 0; readonly stdout: readonly string[] };

export type Kind = 'hang' | 'silent' | 'exactness' | 'raw' | 'cli';

/** A PyTorch-like error expectation: `throws('ArgumentError', 'padding', '-1')`. */
export function throws(error: string, ...words: string[]): Expect {
  return { error, words };
}

export function returns(value: unknown): Expect {
  return { value };
}

/** JSON with bigints as `"<digits>n"`, so exact counts survive the trip. */
export function toComparable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? 'null');
}
