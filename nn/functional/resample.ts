// Resampling: interpolate / upsample. The op name carries the mode and rank,
// as aten's does (upsample_nearest2d, upsample_bilinear2d, ...).
//
// Arguments are checked as PyTorch 1.13's F.interpolate checks them: a known
// mode, align_corners only with the interpolating modes, exactly one of size
// and scale_factor, one entry per spatial dimension, sizes positive integers
// and scale factors positive finite numbers.

import { RESAMPLE_OPS, type OpIn } from '../../core/op_schema.js';
import { ArgumentError, ShapeError, SymbolicError } from '../../core/errors.js';
import type { Dim } from '../../core/shape.js';
import { decideAtLeast, isExpr, sizeFloorDiv, sizeMul } from '../../core/sizes.js';
import type { Expr } from '../../core/symbolic.js';
import { checkTensor, intValue, TracedInt, type IntLike, type Tensor } from '../../core/tensor.js';
import { expectPositive, record, schema } from './util.js';

/** `F.interpolate`'s modes that flopscope traces (`'area'` and `'nearest-exact'` are not). */
export type InterpolateMode = 'nearest' | 'linear' | 'bilinear' | 'bicubic' | 'trilinear';

const MODE_RANK: Readonly<Record<InterpolateMode, number | null>> = { nearest: null, linear: 1, bilinear: 2, bicubic: 2, trilinear: 3 };
const MODES = "'nearest', 'linear', 'bilinear', 'bicubic' or 'trilinear' (flopscope does not trace 'area' or 'nearest-exact')";

/** Checks the arguments that do not depend on the input: the mode, align_corners, and size or scale_factor. */
/**
 * floor(size * factor) for a symbolic size: exact for a whole factor and for
 * 1/2^k (both exact in a double, so PyTorch's float product floors the same);
 * any other factor rounds in ways only a concrete size shows.
 */
function scaledSize(op: string, size: Expr, factor: number): Dim {
  if (Number.isInteger(factor)) return sizeMul(size, factor);
  const inverse = 1 / factor;
  if (Number.isInteger(inverse) && Number.isInteger(Math.log2(inverse))) return sizeFloorDiv(size, inverse);
  throw new SymbolicError(`${op}: scale_factor ${factor} on the symbolic size ${size}`, size.symbols());
}

/** Checks interpolate's arguments (mode, align_corners, exactly one of size and scale_factor, each valid), naming the one that is wrong. */
export function checkInterpolateArgs(
  where: string,
  size: unknown,
  scaleFactor: unknown,
  mode: unknown,
  alignCorners: unknown,
): void {
  if (typeof mode !== 'string' || !Object.hasOwn(MODE_RANK, mode)) throw new ArgumentError(where, 'mode', mode, MODES);
  if (mode === 'nearest' && alignCorners !== null && alignCorners !== undefined) {
    throw new ArgumentError(where, 'align_corners', alignCorners, "None for mode 'nearest' (only linear, bilinear, bicubic and trilinear take it)");
  }
  const noSize = size === null || size === undefined;
  const noScale = scaleFactor === null || scaleFactor === undefined;
  if (noSize === noScale) {
    throw new ArgumentError(where, 'size/scale_factor', noSize ? null : [size, scaleFactor], 'exactly one of size and scale_factor');
  }
  if (!noSize) {
    const list = Array.isArray(size) ? (size as unknown[]) : [size];
    for (const v of list) {
      const n = v instanceof TracedInt ? v.value : v;
      const ok = typeof n === 'number' ? Number.isSafeInteger(n) && n >= 1 : isExpr(n) && n.integral && decideAtLeast(n, 1) === true;
      if (!ok) throw new ArgumentError(where, 'size', size, 'a positive integer or a list of them');
    }
  } else {
    const list = Array.isArray(scaleFactor) ? (scaleFactor as unknown[]) : [scaleFactor];
    for (const f of list) {
      if (!(typeof f === 'number' && Number.isFinite(f) && f > 0)) {
        throw new ArgumentError(where, 'scale_factor', scaleFactor, 'a positive finite number or a list of them');
      }
    }
  }
}

/** `F.interpolate(x, size=None, scale_factor=None, mode='nearest', align_corners=None)` on `(N, C, *spatial)`, 1 to 3 spatial dimensions: exactly one of `size` and `scaleFactor`; a spatial size is `size` or `floor(in * scale)`. Records aten::upsample_{mode}{1,2,3}d.vec. */
export function interpolate(
  x: Tensor,
  size: IntLike | readonly IntLike[] | null = null,
  scaleFactor: number | readonly number[] | null = null,
  mode: InterpolateMode = 'nearest',
  alignCorners: boolean | null = null,
): Tensor {
  checkInterpolateArgs('interpolate', size, scaleFactor, mode, alignCorners);
  const spatial = x.rank - 2;
  const want = MODE_RANK[mode];
  if (spatial < 1 || spatial > 3) {
    throw new ShapeError('interpolate', `expected 3-D, 4-D or 5-D input (N, C, ...) for mode '${mode}', got ${x.rank}-D`, { input: x.shape });
  }
  const kind = `aten::upsample_${mode}${spatial}d`;
  if (want !== null && want !== spatial) {
    throw new ShapeError(kind, `mode '${mode}' needs ${want + 2}-D input, got ${x.rank}-D`, { input: x.shape });
  }
  const given = size ?? scaleFactor;
  if (Array.isArray(given) && given.length !== spatial) {
    throw new ShapeError(kind, `${size !== null ? 'size' : 'scale_factor'} has ${given.length} entries for ${spatial} spatial dimensions`, { input: x.shape });
  }
  const shape = x.shape.slice(0, 2);
  for (let i = 0; i < spatial; i++) {
    if (size !== null) shape.push(intValue(Array.isArray(size) ? (size as readonly IntLike[])[i]! : (size as IntLike)));
    else {
      const f = typeof scaleFactor === 'number' ? scaleFactor : scaleFactor![i]!;
      const d = x.shape[i + 2]!;
      shape.push(typeof d === 'number' ? Math.floor(d * f) : scaledSize(kind, d, f));
    }
  }
  expectPositive(kind, shape, { input: x.shape });
  const op = schema(RESAMPLE_OPS, `${kind}.vec` as OpIn<typeof RESAMPLE_OPS>);
  const outputSize = size === null ? null : Array.isArray(size) ? size : new Array<IntLike>(spatial).fill(size as IntLike);
  const scales = scaleFactor === null ? null : typeof scaleFactor === 'number' ? new Array<number>(spatial).fill(scaleFactor) : scaleFactor;
  const args = mode === 'nearest' ? { input: x, output_size: outputSize, scale_factors: scales } : { input: x, output_size: outputSize, align_corners: alignCorners, scale_factors: scales };
  return record(op, args, shape, x.dtype);
}

const GRID_MODES = { bilinear: 0, nearest: 1, bicubic: 2 } as const;
const GRID_PADDING = { zeros: 0, border: 1, reflection: 2 } as const;

/** `F.grid_sample`'s `mode` (default `'bilinear'`). */
export type GridSampleMode = keyof typeof GRID_MODES;
/** `F.grid_sample`'s `padding_mode` (default `'zeros'`). */
export type GridSamplePadding = keyof typeof GRID_PADDING;

/**
 * `F.grid_sample(input, grid, mode='bilinear', padding_mode='zeros',
 * align_corners=None)`, traced as aten::grid_sampler (the mode and padding as
 * their enum numbers; `null` for align_corners is PyTorch's default, False).
 * 4-D input (N, C, H, W) with a grid (N, Ho, Wo, 2) gives (N, C, Ho, Wo);
 * 5-D input with a grid (N, Do, Ho, Wo, 3) gives (N, C, Do, Ho, Wo).
 */
export function gridSample(
  input: Tensor,
  grid: Tensor,
  mode: GridSampleMode = 'bilinear',
  paddingMode: GridSamplePadding = 'zeros',
  alignCorners: boolean | null = null,
): Tensor {
  const kind = 'aten::grid_sampler';
  checkTensor(kind, input, 'input');
  checkTensor(kind, grid, 'grid');
  if (typeof mode !== 'string' || !Object.hasOwn(GRID_MODES, mode)) throw new ArgumentError('grid_sample', 'mode', mode, "'bilinear', 'nearest' or 'bicubic'");
  if (typeof paddingMode !== 'string' || !Object.hasOwn(GRID_PADDING, paddingMode)) {
    throw new ArgumentError('grid_sample', 'padding_mode', paddingMode, "'zeros', 'border' or 'reflection'");
  }
  const shapes = { input: input.shape, grid: grid.shape };
  const spatial = input.rank - 2;
  if (spatial !== 2 && spatial !== 3) throw new ShapeError(kind, `expected 4-D or 5-D input, got ${input.rank}-D`, shapes);
  if (mode === 'bicubic' && spatial !== 2) throw new ShapeError(kind, 'bicubic interpolation only supports 4D input', shapes);
  if (grid.rank !== input.rank) throw new ShapeError(kind, `expected grid to have ${input.rank} dimensions, as the input`, shapes);
  if (grid.shape[0] !== input.shape[0]) throw new ShapeError(kind, 'expected grid and input to have same batch size', shapes);
  if (grid.shape[grid.rank - 1] !== spatial) throw new ShapeError(kind, `expected grid to have size ${spatial} in last dimension`, shapes);
  if (input.shape.slice(2).includes(0)) throw new ShapeError(kind, 'expected input to have non-empty spatial dimensions', shapes);
  const out = [input.shape[0]!, input.shape[1]!, ...grid.shape.slice(1, -1)];
  return record(
    schema(RESAMPLE_OPS, kind),
    { input, grid, interpolation_mode: GRID_MODES[mode], padding_mode: GRID_PADDING[paddingMode], align_corners: alignCorners ?? false },
    out,
    input.dtype,
  );
}
