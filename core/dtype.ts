// Element types. Only the name and byte size matter for shape-only tracing; the
// size is what later memory estimates need.

/**
 * A tensor's element type, by PyTorch's name (`'float32'` for `torch.float32`).
 * Tensors carry it from op to op; tracing never holds data.
 */
export type DType = 'float32' | 'float16' | 'bfloat16' | 'float64' | 'int64' | 'int32' | 'bool';

export const DTYPE_BYTES: Readonly<Record<DType, number>> = {
  float32: 4,
  float16: 2,
  bfloat16: 2,
  float64: 8,
  int64: 8,
  int32: 4,
  bool: 1,
};

/** Whether `v` names a dtype. */
export function isDType(v: unknown): v is DType {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(DTYPE_BYTES, v);
}
