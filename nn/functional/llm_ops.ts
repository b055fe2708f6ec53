// Ops that Hugging Face's language models trace (GPT-2, BERT): `torch.where`
// with a bool mask, the `x.to(device)` and `x.type(dtype)` overloads of
// aten::to, `torch.finfo`'s constants and `torch.erf` (`torch.full` and
// `torch.arange(start, end)` are masks.ts's and shape_ops.ts's). Shapes and
// dtypes only; each records the overload PyTorch 1.13's tracer picks for that call.

import { TENSOR_FUNCTION_OPS } from '../../core/op_schema.js';
import type { DType } from '../../core/dtype.js';
import { ArgumentError } from '../../core/errors.js';
import { broadcastShapes } from '../../core/shape.js';
import { checkDType, checkTensor, type Tensor } from '../../core/tensor.js';
import { record, schema, unaryIn } from './util.js';

const FLOATS: readonly DType[] = ['float64', 'float32', 'bfloat16', 'float16'];

/** The result dtype of two operands (a Python number: null), as PyTorch promotes them. */
function promote(a: DType | null, b: DType | null): DType {
  if (a === null || b === null) return a ?? b ?? 'float32';
  if (a === b) return a;
  const fa = FLOATS.includes(a);
  const fb = FLOATS.includes(b);
  if (fa !== fb) return fa ? a : b;
  if (fa) {
    // float16 with bfloat16 is float32 in PyTorch; otherwise the wider float.
    if ((a === 'float16' && b === 'bfloat16') || (a === 'bfloat16' && b === 'float16')) return 'float32';
    return FLOATS.indexOf(a) < FLOATS.indexOf(b) ? a : b;
  }
  const ints: readonly DType[] = ['int64', 'int32', 'bool'];
  return ints.indexOf(a) < ints.indexOf(b) ? a : b;
}

/** A tensor operand (its dtype) or a Python number (null), else an ArgumentError. */
function operandDType(op: string, argument: string, v: unknown): DType | null {
  if (typeof v === 'number') return null;
  checkTensor(op, v, argument);
  return v.dtype;
}

/**
 * `torch.where(condition, input, other)`: `input` where the bool `condition`
 * holds, `other` elsewhere, all three broadcast. `input` and `other` are
 * tensors or Python numbers (PyTorch 1.13's `where.ScalarSelf`,
 * `where.ScalarOther`, `where.Scalar` overloads: the number shows as None).
 * A condition of another dtype is PyTorch's error.
 */
export function where(condition: Tensor, input: Tensor | number, other: Tensor | number): Tensor {
  const op = 'aten::where';
  checkTensor(op, condition, 'condition');
  if (condition.dtype !== 'bool') {
    throw new ArgumentError(op, 'condition', `a ${condition.dtype} tensor`, 'a bool tensor (where expected condition to be a boolean tensor)');
  }
  const selfType = operandDType(op, 'self', input);
  const otherType = operandDType(op, 'other', other);
  let shape = condition.shape;
  if (typeof input !== 'number') shape = broadcastShapes(op, shape, input.shape);
  if (typeof other !== 'number') shape = broadcastShapes(op, shape, other.shape);
  const overload = typeof input === 'number' ? (typeof other === 'number' ? 'aten::where.Scalar' : 'aten::where.ScalarSelf') : typeof other === 'number' ? 'aten::where.ScalarOther' : 'aten::where.self';
  return record(schema(TENSOR_FUNCTION_OPS, overload), { condition, self: input, other }, shape, promote(selfType, otherType));
}

/**
 * `x.to(device)`: a copy on the device, of the same shape and dtype. PyTorch
 * 1.13 traces it as aten::to's TensorOptions overload (aten::to.dtype_layout,
 * eight arguments). There is one device here, the CPU the reference ran on.
 */
export function toDevice(x: Tensor, device = 'cpu'): Tensor {
  const op = 'aten::to';
  checkTensor(op, x);
  if (device !== 'cpu') throw new ArgumentError(op, 'device', device, "'cpu' (the device the reference traces on)");
  return record(schema(TENSOR_FUNCTION_OPS, 'aten::to.dtype_layout'), { self: x, device }, x.shape, x.dtype);
}

/** `x.type(dtype)`: traced as aten::to's device overload (aten::to.device, six arguments). */
export function type(x: Tensor, dtype: DType): Tensor {
  const op = 'aten::to';
  checkTensor(op, x);
  checkDType(op, dtype);
  return record(schema(TENSOR_FUNCTION_OPS, 'aten::to.device'), { self: x, device: 'cpu', dtype }, x.shape, dtype);
}

/** `torch.erf(x)` (the Python form of GELU, Hugging Face's "gelu_python"). */
export const erf = (x: Tensor): Tensor => unaryIn(TENSOR_FUNCTION_OPS, 'aten::erf', x);

/** The constants of `torch.finfo(dtype)` for a floating-point dtype. */
export interface FInfo {
  readonly bits: number;
  readonly min: number;
  readonly max: number;
  readonly eps: number;
  readonly tiny: number;
}

const FINFO: Readonly<Partial<Record<DType, FInfo>>> = {
  float32: { bits: 32, min: -3.4028234663852886e38, max: 3.4028234663852886e38, eps: 1.1920928955078125e-7, tiny: 1.1754943508222875e-38 },
  float64: { bits: 64, min: -Number.MAX_VALUE, max: Number.MAX_VALUE, eps: Number.EPSILON, tiny: 2.2250738585072014e-308 },
  float16: { bits: 16, min: -65504, max: 65504, eps: 0.0009765625, tiny: 6.103515625e-5 },
  bfloat16: { bits: 16, min: -3.3895313892515355e38, max: 3.3895313892515355e38, eps: 0.0078125, tiny: 1.1754943508222875e-38 },
};

/** `torch.finfo(dtype)`: `finfo('float32').min` is the additive masks' fill value. An integer dtype is an ArgumentError, as PyTorch's TypeError. */
export function finfo(dtype: DType = 'float32'): FInfo {
  const info = typeof dtype === 'string' && Object.hasOwn(FINFO, dtype) ? FINFO[dtype] : undefined;
  if (info === undefined) throw new ArgumentError('torch.finfo', 'dtype', dtype, 'a floating-point dtype (float32, float64, float16, bfloat16)');
  return info;
}
