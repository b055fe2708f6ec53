// The recorded trace: every op with the module scope it ran in.

import type { OpAttrs } from '../core/dispatch.js';
import type { Shape } from '../core/shape.js';

export interface OpNode {
  readonly kind: string;
  /** Canonical names of the modules being called, outermost first ('' is the root). */
  readonly scopes: readonly string[];
  readonly inputs: readonly (Shape | null)[];
  readonly outputs: readonly Shape[];
  readonly attrs: OpAttrs;
}

/** Innermost scope of a node: where its cost is charged in owner mode. */
export function innermostScope(node: OpNode): string {
  return node.scopes.length === 0 ? '' : node.scopes[node.scopes.length - 1]!;
}

export interface TraceGraph {
  readonly nodes: readonly OpNode[];
}
