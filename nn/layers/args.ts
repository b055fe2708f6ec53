// Layer constructors take PyTorch's arguments either positionally, in
// PyTorch's order (`new nn.MaxPool2d(3, 2, 1)`), or as one options object
// (`new nn.MaxPool2d(3, { stride: 2, padding: 1 })`).

/** A plain options object (not a list, not null). */
function isOptions(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The options the trailing constructor arguments give: the one options object,
 * or the positional arguments named by `names` in order (undefined ones left out).
 */
export function optionsFrom<T extends object>(args: readonly unknown[], names: readonly (keyof T & string)[]): T {
  if (args.length === 1 && isOptions(args[0])) return args[0] as T;
  const o: Record<string, unknown> = {};
  for (let i = 0; i < args.length && i < names.length; i++) if (args[i] !== undefined) o[names[i]!] = args[i];
  return o as T;
}
