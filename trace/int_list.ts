// A growing list of int32s: a typed array doubled as needed. The tracer
// appends a few per op and the model tree a few per module; a plain array's
// growth (1.5x, boxed slots on the JS heap) left most of a big trace's
// garbage.

/** A growing list of int32s; `values` holds them (and spare room) for direct reads and writes below `length`. */
export class IntList {
  values: Int32Array;
  length = 0;

  constructor(capacity = 256) {
    this.values = new Int32Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.values.length) {
      const next = new Int32Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = v;
  }

  get(i: number): number {
    return this.values[i]!;
  }

  /** The values, as an array of exactly their number. */
  done(): Int32Array {
    return this.values.length === this.length ? this.values : this.values.slice(0, this.length);
  }
}
