// Typed errors. Every error a user can cause is one of these, with the facts in
// fields and a one-line message, so the CLI prints one clear line and programs
// can branch on the class.

export type ShapeLike = readonly number[];

/** Base of every error flopscope raises on purpose. */
export class FlopscopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Python-like `[1,4,224,224]` rendering used in error messages; every size printed exactly. */
export function shapeText(shape: ShapeLike | null | undefined): string {
  if (!shape) return 'None';
  let text = '';
  for (let i = 0; i < shape.length; i++) text += (i > 0 ? ',' : '') + formatValue(shape[i]);
  return `[${text}]`;
}

/**
 * An op received tensors whose shapes do not fit. The module path is filled in
 * by the tracer when the error leaves the innermost module that is being called.
 */
export class ShapeError extends FlopscopeError {
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

/** A constructor or function argument is out of range or of the wrong kind. */
export class ArgumentError extends FlopscopeError {
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
  readonly op: string;
  constructor(op: string, detail: string) {
    super(`counter for ${op}: ${detail}`);
    this.op = op;
  }
}

/** Bad command-line usage. */
export class UsageError extends FlopscopeError {}

/**
 * A value as an error message shows it: strings quoted, lists in brackets,
 * numbers exactly (an integer past 2^53 prints all its digits, 2^60 as
 * `1152921504606846976`, not JavaScript's `1152921504606847000`), anything
 * else by its type. Never throws, on any input.
 */
export function formatValue(value: unknown): string {
  return format(value, 0);
}

function format(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return `'${value.length > 200 ? `${value.slice(0, 200)}...` : value}'`;
    case 'number':
      return numberText(value);
    case 'bigint':
      return value.toString();
    case 'function':
      return `function ${value.name || '(anonymous)'}`;
    case 'symbol':
      return value.toString();
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        if (depth > 3) return '[...]';
        const shown = value.length > 20 ? value.slice(0, 20) : value;
        const items: string[] = [];
        for (let i = 0; i < shown.length; i++) items.push(format(shown[i], depth + 1));
        return `[${items.join(',')}${value.length > 20 ? `,... (${value.length} items)` : ''}]`;
      }
      const shape = (value as { shape?: unknown }).shape;
      const name = (value as object).constructor?.name ?? 'Object';
      if (Array.isArray(shape) && depth <= 3) return `${name} of shape ${format(shape, depth + 1)}`;
      return `a ${name}`;
    }
    default:
      return String(value);
  }
}

/** A number's exact decimal text: integers past 2^53 in full, others as JavaScript prints them. */
function numberText(n: number): string {
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return BigInt(n).toString();
  return String(n);
}
