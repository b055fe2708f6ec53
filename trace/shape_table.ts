// One array per distinct shape in a recording. A trace holds every op's
// output while it is built, and a model of repeated blocks (126 decoder
// layers of Llama-3.1-405B) makes the same few shapes thousands of times: held
// once each, the trace is that much smaller for the young collector to copy.

import type { Dim, Shape } from '../core/shape.js';

/**
 * A node of the table: the next sizes' nodes by size, and under key -1 (never
 * a size) the shape ending here.
 */
type ShapeNode = Map<Dim, ShapeNode | Shape>;

export class ShapeTable {
  private readonly root: ShapeNode = new Map();

  /** The table's array equal to `shape` (element by element), which becomes it when there is none. */
  intern(shape: Shape): Shape {
    let node = this.root;
    for (let i = 0; i < shape.length; i++) {
      let next = node.get(shape[i]!) as ShapeNode | undefined;
      if (next === undefined) node.set(shape[i]!, (next = new Map()));
      node = next;
    }
    let found = node.get(-1) as Shape | undefined;
    if (found === undefined) node.set(-1, (found = shape));
    return found;
  }
}
