// How the kept ops of a trace feed each other, made on demand from what the
// recorder kept (trace.recording): the memory and liveness analyses read it,
// the counts never do, so an app that only counts does not carry it.

import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { Trace } from './tracer.js';

/**
 * How the kept ops of a trace feed each other (indexes are positions in
 * `Trace.nodes`): what memory and liveness analyses read.
 */
export interface TraceDataflow {
  /** Per node, the nodes whose results it reads (each once). */
  readonly producers: readonly (readonly number[])[];
  /**
   * Per node: a view or in-place op shares the memory of its first argument,
   * and this is the node that made that tensor (-1 when the trace did not
   * make it: an input, parameter or buffer); -2 for a node whose results are
   * new memory.
   */
  readonly sharesWith: readonly number[];
  /** The node that last made or wrote `t` (a tensor of the forward's output), or -1. */
  readonly producerOf: (t: Tensor) => number;
}

/**
 * What the recorder keeps of a trace's dataflow, by recording index (every
 * op recorded, dead code included). @internal
 */
export interface TraceRecording {
  /** Each kept node's recording index, in kept order. */
  readonly keptIndex: Int32Array;
  /** The nodes that made each node's tensor inputs, node after node; `producersEnd[i]` ends node i's. */
  readonly producers: Int32Array;
  readonly producersEnd: Int32Array;
  /** Per node, as TraceDataflow's `sharesWith`, by recording index. */
  readonly sharesWith: Int32Array;
  /** The node that last made or wrote `t`, by recording index, or -1. */
  readonly producerOf: (t: Tensor) => number;
}

// Per recording (which never changes once the trace is made), its dataflow.
const DATAFLOW = new WeakMap<TraceRecording, TraceDataflow>();

/**
 * The dataflow between the kept nodes of `trace`, made on the first call;
 * an ArgumentError naming `where` for a trace made by hand without a recording.
 */
export function traceDataflow(trace: Trace, where = 'traceDataflow'): TraceDataflow {
  const recording = trace.recording;
  if (recording === undefined) throw new ArgumentError(where, 'trace', 'a trace without dataflow', 'a trace made by traceModel (or analyze)');
  let flow = DATAFLOW.get(recording);
  if (flow === undefined) DATAFLOW.set(recording, (flow = dataflowOf(recording)));
  return flow;
}

/** The dataflow of a recording, renumbered as kept. */
function dataflowOf({ keptIndex, producers: recorded, producersEnd: end, sharesWith: shares, producerOf: producerIndex }: TraceRecording): TraceDataflow {
  // Per recorded node, its kept index, or -1.
  const renumber = new Int32Array(end.length).fill(-1);
  keptIndex.forEach((r, k) => (renumber[r] = k));
  const producers = Array.from(keptIndex, (r) => {
    const out: number[] = [];
    for (let j = r === 0 ? 0 : end[r - 1]!; j < end[r]!; j++) {
      const k = renumber[recorded[j]!]!;
      if (k !== -1 && !out.includes(k)) out.push(k);
    }
    return out;
  });
  const sharesWith = Array.from(keptIndex, (r) => {
    const s = shares[r]!;
    return s < 0 ? s : renumber[s]!;
  });
  const producerOf = (t: Tensor): number => {
    const p = producerIndex(t);
    return p === -1 ? -1 : renumber[p]!;
  };
  return { producers, sharesWith, producerOf };
}
