// Typed errors. Every error a user can cause is one of these, with the facts in
// fields and a one-line message, so the CLI prints one clear line and programs
// can branch on the class.

/** A shape as errors hold it (`ShapeError.shapes`): sizes, outermost first. */
export type ShapeLike = readonly (number | object)[];

/**
 * The name a class prints: its own static `typeName` when it has one (the
 * library's classes all do, so a minifier that renames classes cannot change
 * it), else its JavaScript name (a user's subclass, which has no own
 * `typeName`, prints its own name rather than the class it extends).
 * A non-function shows as text.
 */
export function typeNameOf(ctor: unknown): string {
  if (typeof ctor !== 'function') return String(ctor);
  // (hasOwn, then a plain read: a descriptor object per call would be garbage
  // on the hot paths that name a class, such as each module of a report.)
  const own: unknown = Object.hasOwn(ctor, 'typeName') ? (ctor as { readonly typeName?: unknown }).typeName : undefined;
  return typeof own === 'string' ? own : String(ctor.name);
}

/** Base of every error flopscope raises on purpose. */
export class FlopscopeError extends Error {
  static readonly typeName: string = 'FlopscopeError';
  constructor(message: string) {
    super(message);
    this.name = typeNameOf(new.target);
  }
}

/** Python-like `[1,4,224,224]` rendering used in error messages; every size printed exactly. */
export function shapeText(shape: ShapeLike | null | undefined): string {
  return shape ? formatValue(shape) : 'None';
}

/**
 * An op received tensors whose shapes do not fit. The module path is filled in
 * by the tracer when the error leaves the innermost module that is being called.
 */
export class ShapeError extends FlopscopeError {
  static override readonly typeName: string = 'ShapeError';
  readonly op: string;
  readonly detail: string;
  readonly shapes: Readonly<Record<string, ShapeLike | null>>;
  modulePath: string | undefined;
  moduleType: string | undefined;
  /** The module object the op ran in; the tracer turns it into `modulePath`. */
  module: object | undefined;

  constructor(op: string, detail: string, shapes: Readonly<Record<string, ShapeLike | null>>) {
    super(ShapeError.compose(undefined, undefined, op, detail, shapes));
    this.op = op;
    this.detail = detail;
    this.shapes = shapes;
    this.modulePath = undefined;
    this.moduleType = undefined;
    this.module = undefined;
  }

  /** Names where the op ran and rebuilds the message. */
  locate(modulePath: string, moduleType: string): void {
    this.modulePath = modulePath;
    this.moduleType = moduleType;
    this.message = ShapeError.compose(modulePath, moduleType, this.op, this.detail, this.shapes);
  }

  private static compose(
    path: string | undefined,
    type: string | undefined,
    op: string,
    detail: string,
    shapes: Readonly<Record<string, ShapeLike | null>>,
  ): string {
    // `conv1 (Conv2d): expected 3 input channels, got 4; input [1,4,224,224], weight [64,3,7,7]`
    const where = type === undefined ? op : path ? `${path} (${type})` : type;
    const shown = Object.entries(shapes)
      .map(([k, v]) => `${k} ${shapeText(v)}`)
      .join(', ');
    return `${where}: ${detail}${shown ? `; ${shown}` : ''}`;
  }
}

/** A symbolic size was used where only a concrete one works (control flow on it, a data-dependent shape, an undecidable check). */
export class SymbolicError extends FlopscopeError {
  static override readonly typeName: string = 'SymbolicError';
  /** The symbols involved. */
  readonly symbols: readonly string[];
  constructor(detail: string, symbols: readonly string[]) {
    const names = symbols.length === 0 ? 'a symbolic size' : symbols.join(', ');
    super(`${detail}; give ${symbols.length > 1 ? 'these sizes' : names} a concrete value (e.g. --inputs with a number for ${names}, or a --where constraint that decides it)`);
    this.symbols = symbols;
  }
}

/** A constructor or function argument is out of range or of the wrong kind. */
export class ArgumentError extends FlopscopeError {
  static override readonly typeName: string = 'ArgumentError';
  readonly argument: string;
  readonly value: unknown;
  constructor(where: string, argument: string, value: unknown, expected: string) {
    super(`${where}: ${argument} must be ${expected}, got ${formatValue(value)}`);
    this.argument = argument;
    this.value = value;
  }
}

/** A name (model, op, module) that is not known. */
export class UnknownNameError extends FlopscopeError {
  static override readonly typeName: string = 'UnknownNameError';
  readonly kind: string;
  readonly requested: string;
  readonly known: readonly string[];
  constructor(kind: string, requested: string, known: readonly string[]) {
    super(`unknown ${kind} '${requested}'; known: ${known.join(', ')}`);
    this.kind = kind;
    this.requested = requested;
    this.known = known;
  }
}

/** A counter handle returned something that is not a whole count. */
export class CounterError extends FlopscopeError {
  static override readonly typeName: string = 'CounterError';
  readonly op: string;
  constructor(op: string, detail: string) {
    super(`counter for ${op}: ${detail}`);
    this.op = op;
  }
}

/** Bad command-line usage. */
export class UsageError extends FlopscopeError {
  static override readonly typeName: string = 'UsageError';
}

/**
 * A description of a value that an error message shows as it is, unquoted
 * (`the class Linear`, `a Promise`): made by nn's `shownValue`, which never
 * lets a repr or a function's source into a message.
 */
export class Shown {
  constructor(readonly text: string) {}
  /** The description, unquoted. */
  toString(): string {
    return this.text;
  }
}

/**
 * A value as an error message shows it, on one line: strings quoted, lists in
 * brackets, integers exactly (2^60 as 1152921504606846976, not JavaScript's
 * 1152921504606847000), objects by their class.
 */
export function formatValue(value: unknown): string {
  if (value instanceof Shown) return value.text;
  if (typeof value === 'string') return `'${value.replace(/\s/g, ' ')}'`;
  if (Array.isArray(value)) return `[${value.map(formatValue).join(',')}]`;
  if (Number.isInteger(value)) return BigInt(value as number).toString();
  // A symbolic size (core/symbolic.ts Expr) shows its text.
  if (typeof value === 'object' && value !== null && Symbol.toPrimitive in value) return String(value);
  return value && (typeof value === 'object' || typeof value === 'function') ? `a ${typeNameOf(value.constructor)}` : String(value);
}
