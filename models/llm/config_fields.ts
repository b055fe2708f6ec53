// Reading the fields of a Hugging Face config (config.json's values, or a
// builder's): each read names the field, checks its JSON type and range, and
// falls back to the family's default (HF's configuration_*.py) when absent
// or null. A field of the wrong type, out of range, or missing without a
// default is an ArgumentError naming it.

import { ArgumentError } from '../../core/errors.js';

/** A config.json's values: JSON. */
export type ConfigValues = Readonly<Record<string, unknown>>;

const MISSING = 'given';

export class ConfigFields {
  constructor(
    /** Where the config is read, for messages (`fromHFConfig (llama)`). */
    readonly where: string,
    readonly values: ConfigValues,
    readonly defaults: ConfigValues = {},
  ) {}

  /** The field's value, or its default (undefined when it has none); null counts as absent where the default is not null. */
  raw(name: string): unknown {
    const v = Object.hasOwn(this.values, name) ? this.values[name] : undefined;
    if (v !== undefined && v !== null) return v;
    return Object.hasOwn(this.defaults, name) ? this.defaults[name] : v;
  }

  private fail(name: string, value: unknown, expected: string): never {
    throw new ArgumentError(this.where, name, value === undefined ? undefined : value, value === undefined ? `${MISSING} (${expected})` : expected);
  }

  /** An integer of at least `min` (1 by default). */
  int(name: string, min = 1): number {
    const v = this.raw(name);
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) this.fail(name, v, min === 1 ? 'a positive integer' : `an integer of at least ${min}`);
    return v;
  }

  /** An integer of at least `min`, or null. */
  intOrNull(name: string, min = 1): number | null {
    const v = this.raw(name);
    return v === null || v === undefined ? null : this.int(name, min);
  }

  /** A finite number in [min, max]. */
  number(name: string, min = -Infinity, max = Infinity): number {
    const v = this.raw(name);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      this.fail(name, v, min === -Infinity ? 'a number' : max === Infinity ? `a number of at least ${min}` : `a number in [${min}, ${max}]`);
    }
    return v;
  }

  bool(name: string): boolean {
    const v = this.raw(name);
    if (typeof v !== 'boolean') this.fail(name, v, 'true or false');
    return v;
  }

  /** One of `allowed` strings. */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T {
    const v = this.raw(name);
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) this.fail(name, v, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
    return v as T;
  }

  /** A JSON object, or null. */
  objectOrNull(name: string): ConfigValues | null {
    const v = this.raw(name);
    if (v === null || v === undefined) return null;
    if (typeof v !== 'object' || Array.isArray(v)) this.fail(name, v, 'an object or null');
    return v as ConfigValues;
  }
}
