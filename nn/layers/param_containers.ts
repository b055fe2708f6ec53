// ParameterList and ParameterDict (PyTorch 1.13): parameters held by position
// or by key, registered under '0', '1', ... or under their keys, so their
// names are `plist.0`, `pdict.key`. Neither runs any op: the reference lists
// them as uncalled modules. A plain Tensor put in one becomes a Parameter of
// its shape and dtype, as PyTorch wraps it.

import type { DType } from '../../core/dtype.js';
import { ArgumentError, UnknownNameError } from '../../core/errors.js';
import { Parameter, Tensor } from '../../core/tensor.js';
import { Module, parametersOf, shownText, shownValue } from '../module.js';

/** `str(p.dtype)`: what ParameterList's repr shows. */
const TORCH_DTYPE: Readonly<Record<DType, string>> = {
  float32: 'torch.float32',
  float16: 'torch.float16',
  bfloat16: 'torch.bfloat16',
  float64: 'torch.float64',
  int64: 'torch.int64',
  int32: 'torch.int32',
  bool: 'torch.bool',
};

/** `torch.typename(p)` of a CPU tensor: what ParameterDict's repr shows. */
const TORCH_TYPENAME: Readonly<Record<DType, string>> = {
  float32: 'torch.FloatTensor',
  float16: 'torch.HalfTensor',
  bfloat16: 'torch.BFloat16Tensor',
  float64: 'torch.DoubleTensor',
  int64: 'torch.LongTensor',
  int32: 'torch.IntTensor',
  bool: 'torch.BoolTensor',
};

const FLOATING: ReadonlySet<DType> = new Set<DType>(['float32', 'float16', 'bfloat16', 'float64']);

/**
 * The Parameter a container holds for `value`: a Parameter as it is, a plain
 * Tensor wrapped (a floating-point one: PyTorch's Parameter requires
 * gradients). Values that are not tensors, which PyTorch keeps as plain
 * attributes, are not supported.
 */
function asParameter(owner: string, where: string, value: unknown): Parameter {
  if (value instanceof Parameter) return value;
  if (value instanceof Tensor) {
    if (!FLOATING.has(value.dtype)) {
      throw new ArgumentError(owner, where, shownValue(value), `a floating-point tensor (Only Tensors of floating point and complex dtype can require gradients), got dtype ${value.dtype}`);
    }
    return new Parameter(value.shape, value.dtype);
  }
  throw new ArgumentError(owner, where, shownValue(value), 'a Parameter or a Tensor (flopscope holds no other objects in parameter containers)');
}

/** One line of the containers' repr: `  (key): Parameter containing: [torch.float32 of size 4x4]`. */
function reprLine(key: string, p: Parameter, typeName: Readonly<Record<DType, string>>): string {
  return `  (${key}): Parameter containing: [${typeName[p.dtype]} of size ${p.shape.join('x')}]`;
}

/** PyTorch's RuntimeError for calling a parameter container. */
function notCallable(m: Module): ArgumentError {
  const type = m.typeName();
  return new ArgumentError(type, 'call', shownText('a call'), `never made (${type} should not be called)`);
}

/** Each element of an iterable, which must be one (PyTorch: extend takes an iterable, never a Tensor). */
function elementsOf(owner: string, argument: string, values: unknown): unknown[] {
  const iterable =
    values !== null && (typeof values === 'object' || typeof values === 'function') && !(values instanceof Tensor) && typeof (values as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function';
  if (!iterable) throw new ArgumentError(owner, argument, shownValue(values), 'an iterable of parameters');
  return [...(values as Iterable<unknown>)];
}

/**
 * `torch.nn.ParameterList(values=None)`: parameters by position, registered under '0', '1', ...; `list.at(i)`
 * is `list[i]`. Runs no op and cannot be called (the owner reads its parameters); the reference lists it as
 * an uncalled module.
 */
export class ParameterList extends Module {
  static override readonly typeName: string = 'ParameterList';
  /** `new ParameterList([p, q])`; null or nothing is an empty list. Tensors become Parameters. */
  constructor(values: Iterable<Parameter | Tensor> | null = null) {
    super();
    if (values !== null) this.extend(values);
  }

  /** `len(list)`. */
  get length(): number {
    return parametersOf(this).size;
  }

  /** `list[index]`, negative counting from the end; out of range is an ArgumentError (PyTorch: IndexError). */
  at(index: number): Parameter {
    const p = parametersOf(this).get(this.key(index));
    if (p === undefined || p === null) throw new ArgumentError('ParameterList', 'index', index, 'the index of a parameter');
    return p;
  }

  /** `list[index] = value`. */
  set(index: number, value: Parameter | Tensor): void {
    this.registerParameter(this.key(index), asParameter('ParameterList', `value at ${index}`, value));
  }

  /** PyTorch's `append`: `value` (a Tensor becomes a Parameter of its shape and dtype) under the next index. Returns this. */
  append(value: Parameter | Tensor): this {
    const index = this.length;
    this.registerParameter(String(index), asParameter('ParameterList', `value at ${index}`, value));
    return this;
  }

  /** PyTorch's `extend`: appends each of `values` in order. Returns this. */
  extend(values: Iterable<Parameter | Tensor>): this {
    for (const v of elementsOf('ParameterList', 'values', values)) this.append(asParameter('ParameterList', `value at ${this.length}`, v));
    return this;
  }

  /** `for (const p of list)`: the parameters in order. */
  *[Symbol.iterator](): IterableIterator<Parameter> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /** Always an error, as PyTorch's "ParameterList should not be called". */
  override forward(): never {
    throw notCallable(this);
  }

  /** One line per parameter: `(0): Parameter containing: [torch.float32 of size 4x4]`. */
  override extraRepr(): string {
    const lines: string[] = [];
    for (let i = 0; i < this.length; i++) lines.push(reprLine(String(i), this.at(i), TORCH_DTYPE));
    return lines.join('\n');
  }

  /** PyTorch's `_get_abs_string_index`. */
  private key(index: number): string {
    const n = this.length;
    if (typeof index !== 'number' || !Number.isInteger(index) || index >= n || index < -n) {
      throw new ArgumentError('ParameterList', 'index', shownValue(index), n === 0 ? 'an index of a parameter (it has none)' : `an integer within ${-n}..${n - 1} (index ${String(index)} is out of range)`);
    }
    return String(index < 0 ? index + n : index);
  }
}

/** Whether `value` is a plain object (a literal, or made with a null prototype): a Python dict. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Python's `sorted` of strings: by code point (not UTF-16 unit, which differs past U+FFFF). */
function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < x.length && i < y.length; i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * What a ParameterDict is built or updated from: a plain object (taken in sorted key order), a Map, another
 * ParameterDict, or [key, value] pairs (each kept in its order). Tensors become Parameters.
 */
export type ParameterDictInit =
  | Readonly<Record<string, Parameter | Tensor>>
  | ReadonlyMap<string, Parameter | Tensor>
  | ParameterDict
  | Iterable<readonly [string, Parameter | Tensor]>;

/**
 * `torch.nn.ParameterDict(parameters=None)`: parameters by key, in the dict's order. As
 * PyTorch's `update` does, a plain object (a Python dict) is taken in sorted
 * key order, while a Map (an OrderedDict), another ParameterDict or a list of
 * [key, value] pairs keeps its order. Runs no op and cannot be called; the
 * reference lists it as an uncalled module.
 */
export class ParameterDict extends Module {
  static override readonly typeName: string = 'ParameterDict';
  /**
   * `new nn.ParameterDict({ a: new nn.Parameter([3]) })`; null or nothing is an empty dict.
   * @param parameters - The initial entries; see {@link ParameterDictInit}.
   */
  constructor(parameters: ParameterDictInit | null = null) {
    super();
    if (parameters !== null) this.update(parameters);
  }

  /** `len(dict)`. */
  get length(): number {
    return parametersOf(this).size;
  }

  /** `dict[key]`; a missing key is an UnknownNameError naming the known keys (PyTorch: KeyError). */
  get(key: string): Parameter {
    const p = parametersOf(this).get(checkKey(key));
    if (p === undefined || p === null) throw new UnknownNameError('ParameterDict key', key, this.keys());
    return p;
  }

  /** `dict[key] = value`: a new key goes last, an existing one keeps its place. */
  set(key: string, value: Parameter | Tensor): void {
    this.registerParameter(checkKey(key), asParameter('ParameterDict', `value of '${key}'`, value));
  }

  /** `key in dict`. */
  has(key: string): boolean {
    return parametersOf(this).has(key);
  }

  /** PyTorch's `keys()`, in order. */
  keys(): string[] {
    return [...parametersOf(this).keys()];
  }

  /** PyTorch's `values()`, in key order. */
  values(): Parameter[] {
    return this.keys().map((k) => this.get(k));
  }

  /** PyTorch's `items()`: [key, parameter] pairs in order. */
  entries(): [string, Parameter][] {
    return this.keys().map((k) => [k, this.get(k)]);
  }

  /** Iterates the keys, as iterating a Python dict does. */
  [Symbol.iterator](): IterableIterator<string> {
    return this.keys()[Symbol.iterator]();
  }

  /** PyTorch's `update`: see the class for the order each kind of argument gives. */
  update(parameters: ParameterDictInit): void {
    let pairs: (readonly [unknown, unknown])[];
    if (parameters instanceof ParameterDict) pairs = parameters.entries();
    else if (parameters instanceof Map) pairs = [...(parameters as ReadonlyMap<unknown, unknown>).entries()];
    else if (isPlainObject(parameters)) pairs = Object.keys(parameters).sort(byCodePoint).map((k) => [k, parameters[k]] as const);
    else {
      pairs = elementsOf('ParameterDict', 'parameters', parameters).map((p, j) => {
        if (!Array.isArray(p) || p.length !== 2) {
          throw new ArgumentError('ParameterDict', `parameters[${j}]`, shownValue(p), `a [key, value] pair (ParameterDict update sequence element #${j} has length 2)`);
        }
        return [p[0], p[1]] as const;
      });
    }
    for (const [k, v] of pairs) {
      const key = checkKey(k);
      this.registerParameter(key, asParameter('ParameterDict', `value of '${key}'`, v));
    }
  }

  /** Always an error, as PyTorch's "ParameterDict should not be called". */
  override forward(): never {
    throw notCallable(this);
  }

  /** One line per parameter: `(key): Parameter containing: [torch.FloatTensor of size 4x4]`. */
  override extraRepr(): string {
    return this.entries()
      .map(([k, p]) => reprLine(k, p, TORCH_TYPENAME))
      .join('\n');
  }
}

/** A ParameterDict key must be a string (PyTorch: TypeError). */
function checkKey(key: unknown): string {
  if (typeof key !== 'string') throw new ArgumentError('ParameterDict', 'key', shownValue(key), 'a string (Index given to ParameterDict cannot be used as a key as it is not a string)');
  return key;
}
