// What a counting convention is: another tool's rules (or ours) for turning a
// trace into one number per module, with the unit that number is in.

import type { Trace } from '../../trace/tracer.js';

/** The unit of a convention's headline: multiply-adds counted once (MACs) or twice (FLOPs). */
export type ConventionUnit = 'MACs' | 'FLOPs';

/** One convention's counts of one trace; arrays are indexed by module id in the trace's tree. */
export interface ConventionCounts {
  /** Per module, the tool's headline count for it; [0] (the root) is the model's headline total. */
  readonly perModule: readonly bigint[];
  /** Per module, what makes up `perModule`, by the tool's rule (conv, linear, F.relu, ...). */
  readonly byRule: readonly ReadonlyMap<string, bigint>[];
  /** Per module, multiply-adds, for tools that report them beside FLOPs (DeepSpeed, calflops). */
  readonly macs?: readonly bigint[];
  /** Parameters as the tool counts them. */
  readonly params: bigint;
  /** Per module, parameters as the tool reports them, where it does (thop, DeepSpeed, calflops). */
  readonly paramsPerModule?: readonly bigint[];
  /** Per module, whether the tool reports a number for it at all (thop: only the modules its tree reaches). */
  readonly reported?: readonly boolean[];
}

/** A tool's counting rules, applied to a trace. */
export interface Convention {
  /** The name `--convention` takes. */
  readonly name: string;
  /** The unit of the headline number. */
  readonly unit: ConventionUnit;
  /** The tool and version whose numbers it reproduces. */
  readonly tool: string;
  /** Where the rules live in the tool's source. */
  readonly source: string;
  /** What the tool leaves out, in a few words (`flopscope compare` prints it). */
  readonly leavesOut: string;
  /** Counts one trace by the tool's rules. */
  count(trace: Trace): ConventionCounts;
}

/** What an analysis under a convention reports besides the per-module counts: the tool's totals. */
export interface ConventionTotals {
  /** The convention's name. */
  readonly name: string;
  /** The unit of `flops`. */
  readonly unit: ConventionUnit;
  /** The tool's headline number (its MACs for ptflops, thop, torchinfo, fvcore; FLOPs for deepspeed, calflops, pytorch). */
  readonly flops: bigint;
  /** Multiply-adds, for the tools that report them beside FLOPs (deepspeed, calflops). */
  readonly macs?: bigint;
  /** Parameters as the tool counts them. */
  readonly params: bigint;
  /** The tool's counts per module (absent for fvcore, whose counts are the Report's usual ones). */
  readonly counts?: ConventionCounts;
}
