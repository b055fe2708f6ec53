// Bad (and borderline) arguments to the convolution, pooling, padding,
// resampling, normalisation, linear, activation and attention layers and their
// functional ops. Each outcome is what PyTorch 1.13 does with the same call:
// where it raises, one typed one-line error naming the argument and the value
// (or the op and the shapes); where it accepts, the answer it (or the
// reference, mmengine's get_model_complexity_info) gives. Kinds: 'silent' =
// a wrong answer (or a wrong refusal) before, 'raw' = a raw TypeError or
// RangeError before, 'exactness' = a borderline but valid call and its answer.

import type { AnalysisResult, Module, Tensor } from '../../index.js';
import { returns, throws, type ApiCase, type Library } from './case.js';

/** A value of the wrong kind, as a JavaScript caller can pass it. */
const bad = <T>(v: unknown): T => v as T;

/** A model whose one child `body` is the layer, analysed on a batch of one. */
function analyzeLayer(lib: Library, layer: Module, shape: number[]): AnalysisResult {
  class Net extends lib.Module {
    body = layer;
    override forward(x: Tensor): Tensor {
      return this.body.call(x) as Tensor;
    }
  }
  return lib.analyze(new Net(), shape, { showTable: false, showArch: false });
}

/** Output shape of the layer on `[1, ...shape]`, and what the reference counts for it. */
function costs(lib: Library, make: () => Module, shape: number[]): unknown {
  const out = (make().call(new lib.Tensor([1, ...shape])) as Tensor).shape;
  const r = analyzeLayer(lib, make(), shape);
  return { shape: out, flops: r.flops, activations: r.activations, unsupported: [...r.flopAnalyzer.unsupportedOps().entries()] };
}

const shapeOf = (t: unknown): unknown => (t as Tensor).shape;
const x4 = (lib: Library, shape: number[] = [1, 3, 8, 8]): Tensor => new lib.Tensor(shape);

export const CASES: readonly ApiCase[] = [
  // ---- Convolution layers: PyTorch refuses these in forward; every forward would fail, so construction refuses.
  { name: 'layers: Conv2d padding -1 in a model', kind: 'silent', run: (lib) => analyzeLayer(lib, new lib.nn.Conv2d(3, 8, 3, { padding: -1 }), [3, 8, 8]).flops, expect: throws('ArgumentError', 'Conv2d', 'padding', '-1') },
  { name: 'layers: Conv2d padding [1,-1]', kind: 'silent', run: ({ nn }) => new nn.Conv2d(3, 8, 3, { padding: [1, -1] }), expect: throws('ArgumentError', 'padding', '[1,-1]') },
  { name: 'layers: Conv2d dilation 0', kind: 'silent', run: (lib) => shapeOf(new lib.nn.Conv2d(3, 8, 3, { dilation: 0 }).call(x4(lib))), expect: throws('ArgumentError', 'Conv2d', 'dilation', '0') },
  { name: 'layers: Conv2d stride 0 reaching the counters', kind: 'raw', run: (lib) => analyzeLayer(lib, new lib.nn.Conv2d(3, 8, 3, { stride: 0 }), [3, 8, 8]).flops, expect: throws('ArgumentError', 'Conv2d', 'stride', '0') },
  { name: 'layers: Conv1d stride -2', kind: 'silent', run: ({ nn }) => new nn.Conv1d(3, 8, 3, { stride: -2 }), expect: throws('ArgumentError', 'Conv1d', 'stride', '-2') },
  { name: 'layers: Conv3d dilation [1,0,1]', kind: 'silent', run: ({ nn }) => new nn.Conv3d(3, 8, 3, { dilation: [1, 0, 1] }), expect: throws('ArgumentError', 'Conv3d', 'dilation', '[1,0,1]') },
  { name: "layers: Conv2d padding 'same' with stride 2", kind: 'silent', run: ({ nn }) => new nn.Conv2d(3, 8, 3, { padding: 'same', stride: 2 }), expect: throws('ArgumentError', 'Conv2d', 'padding', "'same'", 'strided') },
  { name: "layers: Conv2d padding 'same' with stride [1,2]", kind: 'silent', run: ({ nn }) => new nn.Conv2d(3, 8, 3, { padding: 'same', stride: [1, 2] }), expect: throws('ArgumentError', 'padding', "'same'", 'strided', '(1, 2)') },
  { name: "layers: Conv2d padding_mode 'foo'", kind: 'silent', run: ({ nn }) => new nn.Conv2d(3, 8, 3, { paddingMode: bad('foo') }), expect: throws('ArgumentError', 'Conv2d', 'padding_mode', "'foo'") },
  { name: 'layers: Conv2d padding_mode reflect with a one-entry padding list', kind: 'silent', run: ({ nn }) => new nn.Conv2d(3, 8, 3, { padding: [1], paddingMode: 'reflect' }), expect: throws('ArgumentError', 'padding', '[1]', 'reflect') },
  { name: 'layers: Conv2d reflect padding as large as the input', kind: 'silent', run: (lib) => analyzeLayer(lib, new lib.nn.Conv2d(3, 8, 3, { padding: 8, paddingMode: 'reflect' }), [3, 8, 8]).flops, expect: throws('ShapeError', 'body (Conv2d)', 'reflect', '8', '[1,3,8,8]') },
  { name: 'layers: Conv2d circular padding wrapping twice', kind: 'silent', run: (lib) => analyzeLayer(lib, new lib.nn.Conv2d(3, 8, 3, { padding: 9, paddingMode: 'circular' }), [3, 8, 8]).flops, expect: throws('ShapeError', 'body (Conv2d)', 'circular', '9', '[1,3,8,8]') },
  { name: 'layers: Conv2d bias 0 is no bias (Python truthiness)', kind: 'silent', run: ({ nn, parameterCount }) => parameterCount(new nn.Conv2d(3, 8, 3, { bias: bad(0) })).get(''), expect: returns(216n) },

  // ---- Transposed convolutions.
  { name: 'layers: ConvTranspose2d stride 0', kind: 'silent', run: (lib) => shapeOf(new lib.nn.ConvTranspose2d(3, 8, 3, { stride: 0 }).call(x4(lib))), expect: throws('ArgumentError', 'ConvTranspose2d', 'stride', '0') },
  { name: 'layers: ConvTranspose2d stride 0 reaching the counters', kind: 'silent', run: (lib) => analyzeLayer(lib, new lib.nn.ConvTranspose2d(3, 8, 3, { stride: 0 }), [3, 8, 8]).flops, expect: throws('ArgumentError', 'ConvTranspose2d', 'stride', '0') },
  { name: 'layers: ConvTranspose2d output_padding equal to stride', kind: 'silent', run: (lib) => shapeOf(new lib.nn.ConvTranspose2d(3, 8, 3, { stride: 2, outputPadding: 2 }).call(x4(lib))), expect: throws('ArgumentError', 'ConvTranspose2d', 'output_padding', '2', 'stride', 'dilation') },
  { name: 'layers: ConvTranspose2d output_padding equal to stride and dilation', kind: 'silent', run: ({ nn }) => new nn.ConvTranspose2d(3, 8, 3, { stride: 2, dilation: 2, outputPadding: 2 }), expect: throws('ArgumentError', 'output_padding', '2', '(2, 2)') },
  { name: 'layers: ConvTranspose1d output_padding -1', kind: 'silent', run: ({ nn }) => new nn.ConvTranspose1d(3, 8, 3, { outputPadding: -1 }), expect: throws('ArgumentError', 'ConvTranspose1d', 'output_padding', '-1') },
  { name: 'layers: ConvTranspose2d padding -1', kind: 'silent', run: ({ nn }) => new nn.ConvTranspose2d(3, 8, 3, { padding: -1 }), expect: throws('ArgumentError', 'ConvTranspose2d', 'padding', '-1') },
  { name: 'layers: ConvTranspose3d dilation 0', kind: 'silent', run: ({ nn }) => new nn.ConvTranspose3d(3, 8, 3, { dilation: 0 }), expect: throws('ArgumentError', 'ConvTranspose3d', 'dilation', '0') },
  { name: "layers: ConvTranspose2d padding_mode 'reflect'", kind: 'silent', run: ({ nn }) => new nn.ConvTranspose2d(3, 8, 3, { paddingMode: bad('reflect') }), expect: throws('ArgumentError', 'ConvTranspose2d', 'padding_mode', "'reflect'") },
  { name: "layers: ConvTranspose2d padding 'same'", kind: 'silent', run: ({ nn }) => new nn.ConvTranspose2d(3, 8, 3, { padding: bad('same') }), expect: throws('ArgumentError', 'ConvTranspose2d', 'padding', "'same'") },

  // ---- Functional convolutions.
  { name: 'layers: F.conv2d stride 0', kind: 'silent', run: (lib) => shapeOf(lib.F.conv2d(x4(lib), new lib.Tensor([8, 3, 3, 3]), null, 0)), expect: throws('ArgumentError', 'conv2d', 'stride', '0') },
  { name: 'layers: F.conv2d padding -1', kind: 'silent', run: (lib) => shapeOf(lib.F.conv2d(x4(lib), new lib.Tensor([8, 3, 3, 3]), null, 1, -1)), expect: throws('ArgumentError', 'conv2d', 'padding', '-1') },
  { name: 'layers: F.conv1d dilation 0', kind: 'silent', run: (lib) => shapeOf(lib.F.conv1d(new lib.Tensor([1, 3, 8]), new lib.Tensor([8, 3, 3]), null, 1, 0, 0)), expect: throws('ArgumentError', 'conv1d', 'dilation', '0') },
  { name: "layers: F.conv2d padding 'same' with stride 2", kind: 'silent', run: (lib) => shapeOf(lib.F.conv2d(x4(lib), new lib.Tensor([8, 3, 3, 3]), null, 2, 'same')), expect: throws('ArgumentError', 'conv2d', 'padding', "'same'", 'strided') },
  { name: 'layers: F.conv2d groups 0', kind: 'silent', run: (lib) => shapeOf(lib.F.conv2d(x4(lib), new lib.Tensor([8, 3, 3, 3]), null, 1, 0, 1, 0)), expect: throws('ArgumentError', 'conv2d', 'groups', '0') },
  { name: 'layers: F.conv2d groups 1.5', kind: 'silent', run: (lib) => shapeOf(lib.F.conv2d(x4(lib), new lib.Tensor([8, 2, 3, 3]), null, 1, 0, 1, 1.5)), expect: throws('ArgumentError', 'groups', '1.5') },
  { name: 'layers: F.conv2d weight not divisible by groups', kind: 'silent', run: (lib) => shapeOf(lib.F.conv2d(new lib.Tensor([1, 4, 8, 8]), new lib.Tensor([3, 2, 3, 3]), null, 1, 0, 1, 2)), expect: throws('ShapeError', 'groups', '[1,4,8,8]', '[3,2,3,3]') },
  { name: 'layers: F.conv2d bias of the wrong size', kind: 'silent', run: (lib) => shapeOf(lib.F.conv2d(x4(lib), new lib.Tensor([8, 3, 3, 3]), new lib.Tensor([7]))), expect: throws('ShapeError', 'bias', '[7]', '[8,3,3,3]') },
  { name: "layers: F.conv2d groups as a string", kind: 'silent', run: (lib) => shapeOf(lib.F.conv2d(x4(lib), new lib.Tensor([8, 3, 3, 3]), null, 1, 0, 1, bad('1'))), expect: throws('ArgumentError', 'groups', "'1'") },

  // ---- Convolutions PyTorch accepts: the reference's answer.
  { name: "layers: Conv2d padding 'same', even kernel, dilation 3 (aten::_convolution_mode, uncounted)", kind: 'silent', run: (lib) => costs(lib, () => new lib.nn.Conv2d(3, 8, 4, { padding: 'same', dilation: 3 }), [3, 8, 8]), expect: returns({ shape: [1, 8, 8, 8], flops: 0n, activations: 0n, unsupported: [['aten::_convolution_mode', 1]] }) },
  { name: "layers: Conv1d padding 'same', even kernel", kind: 'silent', run: (lib) => costs(lib, () => new lib.nn.Conv1d(3, 8, 4, { padding: 'same' }), [3, 7]), expect: returns({ shape: [1, 8, 7], flops: 0n, activations: 0n, unsupported: [['aten::_convolution_mode', 1]] }) },
  { name: "layers: Conv2d padding 'valid' with stride 2", kind: 'silent', run: (lib) => costs(lib, () => new lib.nn.Conv2d(3, 8, 3, { padding: 'valid', stride: 2 }), [3, 8, 8]), expect: returns({ shape: [1, 8, 3, 3], flops: 0n, activations: 0n, unsupported: [['aten::_convolution_mode', 1]] }) },
  { name: 'layers: Conv2d reflect padding one less than the input', kind: 'silent', run: (lib) => costs(lib, () => new lib.nn.Conv2d(3, 8, 3, { padding: 7, paddingMode: 'reflect' }), [3, 8, 8]), expect: returns({ shape: [1, 8, 20, 20], flops: 86400n, activations: 3200n, unsupported: [['aten::pad', 1]] }) },
  { name: 'layers: Conv2d circular padding equal to the input', kind: 'silent', run: (lib) => costs(lib, () => new lib.nn.Conv2d(3, 8, 3, { padding: 8, paddingMode: 'circular' }), [3, 8, 8]), expect: returns({ shape: [1, 8, 22, 22], flops: 104544n, activations: 3872n, unsupported: [['aten::pad', 1]] }) },
  { name: "layers: Conv3d padding 'same' replicate, groups 2", kind: 'silent', run: (lib) => costs(lib, () => new lib.nn.Conv3d(4, 4, 3, { padding: 'same', paddingMode: 'replicate', groups: 2 }), [4, 4, 6, 6]), expect: returns({ shape: [1, 4, 4, 6, 6], flops: 31104n, activations: 576n, unsupported: [['aten::pad', 1]] }) },
  { name: 'layers: ConvTranspose2d output_padding = stride - 1', kind: 'exactness', run: (lib) => costs(lib, () => new lib.nn.ConvTranspose2d(3, 8, 3, { stride: 2, outputPadding: 1 }), [3, 8, 8]), expect: returns({ shape: [1, 8, 18, 18], flops: 13824n, activations: 2592n, unsupported: [] }) },
  { name: 'layers: ConvTranspose2d output_padding below the dilation, stride 1', kind: 'exactness', run: (lib) => costs(lib, () => new lib.nn.ConvTranspose2d(3, 8, 3, { dilation: 2, outputPadding: 1 }), [3, 8, 8]), expect: returns({ shape: [1, 8, 13, 13], flops: 13824n, activations: 1352n, unsupported: [] }) },
  { name: 'layers: Conv2d stride as a one-entry list', kind: 'silent', run: (lib) => ({ shape: shapeOf(new lib.nn.Conv2d(3, 8, 3, { stride: [2] }).call(x4(lib))), repr: new lib.nn.Conv2d(3, 8, 3, { stride: [2] }).toString() }), expect: returns({ shape: [1, 8, 3, 3], repr: 'Conv2d(3, 8, kernel_size=(3, 3), stride=(2,))' }) },
  { name: 'layers: F.conv2d dilation as a one-entry list', kind: 'silent', run: (lib) => shapeOf(lib.F.conv2d(x4(lib), new lib.Tensor([8, 3, 3, 3]), null, 1, 0, [2])), expect: returns([1, 8, 4, 4]) },
  { name: 'layers: F.conv2d kernel larger than the input but not the padded input', kind: 'exactness', run: (lib) => shapeOf(lib.F.conv2d(x4(lib), new lib.Tensor([8, 3, 9, 9]), null, 1, 1)), expect: returns([1, 8, 2, 2]) },
  { name: 'layers: grouped ConvTranspose2d', kind: 'exactness', run: (lib) => shapeOf(new lib.nn.ConvTranspose2d(4, 6, 3, { groups: 2 }).call(x4(lib, [1, 4, 8, 8]))), expect: returns([1, 6, 10, 10]) },

  // ---- Pooling.
  { name: 'layers: MaxPool2d kernel 0 reaching the counters', kind: 'raw', run: (lib) => analyzeLayer(lib, new lib.nn.MaxPool2d(0), [3, 8, 8]).flops, expect: throws('ArgumentError', 'MaxPool2d', 'kernel_size', '0') },
  { name: 'layers: MaxPool2d kernel -1', kind: 'silent', run: ({ nn }) => new nn.MaxPool2d(-1), expect: throws('ArgumentError', 'MaxPool2d', 'kernel_size', '-1') },
  { name: 'layers: MaxPool2d padding -1', kind: 'silent', run: (lib) => shapeOf(new lib.nn.MaxPool2d(3, { padding: -1 }).call(x4(lib))), expect: throws('ArgumentError', 'MaxPool2d', 'padding', '-1') },
  { name: 'layers: MaxPool2d stride 0', kind: 'silent', run: (lib) => shapeOf(new lib.nn.MaxPool2d(2, { stride: 0 }).call(x4(lib))), expect: throws('ArgumentError', 'MaxPool2d', 'stride', '0') },
  { name: 'layers: MaxPool2d dilation 0', kind: 'silent', run: (lib) => shapeOf(new lib.nn.MaxPool2d(2, { dilation: 0 }).call(x4(lib))), expect: throws('ArgumentError', 'MaxPool2d', 'dilation', '0') },
  { name: 'layers: MaxPool2d padding more than half the kernel', kind: 'silent', run: ({ nn }) => new nn.MaxPool2d(3, { padding: 2 }), expect: throws('ArgumentError', 'MaxPool2d', 'padding', '2', 'half', 'kernel_size') },
  { name: 'layers: MaxPool1d padding more than half the kernel', kind: 'silent', run: ({ nn }) => new nn.MaxPool1d(3, { padding: 2 }), expect: throws('ArgumentError', 'MaxPool1d', 'padding', '2', 'half') },
  { name: 'layers: AvgPool2d stride 0', kind: 'silent', run: (lib) => shapeOf(new lib.nn.AvgPool2d(2, { stride: 0 }).call(x4(lib))), expect: throws('ArgumentError', 'AvgPool2d', 'stride', '0') },
  { name: 'layers: AvgPool3d padding -1', kind: 'silent', run: ({ nn }) => new nn.AvgPool3d(2, { padding: -1 }), expect: throws('ArgumentError', 'AvgPool3d', 'padding', '-1') },
  { name: 'layers: AvgPool2d kernel 2.5', kind: 'silent', run: ({ nn }) => new nn.AvgPool2d(2.5), expect: throws('ArgumentError', 'AvgPool2d', 'kernel_size', '2.5') },
  { name: 'layers: F.avgPool2d kernel 0 reaching the counters', kind: 'raw', run: (lib) => {
    class Net extends lib.Module {
      override forward(x: Tensor): Tensor {
        return lib.F.avgPool2d(x, 0);
      }
    }
    return lib.analyze(new Net(), [3, 8, 8]).flops;
  }, expect: throws('ArgumentError', 'avg_pool2d', 'kernel_size', '0') },
  { name: 'layers: F.maxPool2d padding more than half the kernel', kind: 'silent', run: (lib) => shapeOf(lib.F.maxPool2d(x4(lib), 3, 1, 2)), expect: throws('ArgumentError', 'max_pool2d', 'padding', '2', 'half') },
  { name: 'layers: MaxPool2d output size below 1 names the module and the input', kind: 'exactness', run: (lib) => analyzeLayer(lib, new lib.nn.MaxPool2d(9), [3, 8, 8]).flops, expect: throws('ShapeError', 'body (MaxPool2d)', 'output size 0', '[1,3,8,8]') },
  { name: 'layers: AdaptiveAvgPool2d output size 2.5', kind: 'silent', run: (lib) => shapeOf(new lib.nn.AdaptiveAvgPool2d(2.5).call(x4(lib))), expect: throws('ArgumentError', 'AdaptiveAvgPool2d', 'output_size', '2.5') },
  { name: 'layers: AdaptiveMaxPool2d output size [2,1.5]', kind: 'silent', run: (lib) => shapeOf(new lib.nn.AdaptiveMaxPool2d([2, 1.5]).call(x4(lib))), expect: throws('ArgumentError', 'AdaptiveMaxPool2d', 'output_size', '[2,1.5]') },
  { name: 'layers: AdaptiveAvgPool2d output size null', kind: 'raw', run: (lib) => shapeOf(new lib.nn.AdaptiveAvgPool2d(bad(null)).call(x4(lib))), expect: throws('ArgumentError', 'AdaptiveAvgPool2d', 'output_size', 'null') },
  { name: 'layers: F.adaptiveAvgPool2d output size Infinity', kind: 'silent', run: (lib) => shapeOf(lib.F.adaptiveAvgPool2d(x4(lib), Infinity)), expect: throws('ArgumentError', 'output_size', 'Infinity') },

  // ---- Pooling PyTorch accepts.
  { name: 'layers: MaxPool2d padding exactly half the kernel', kind: 'exactness', run: (lib) => shapeOf(new lib.nn.MaxPool2d(2, { padding: 1 }).call(x4(lib))), expect: returns([1, 3, 5, 5]) },
  { name: 'layers: AvgPool2d padding exactly half the kernel, ceil_mode', kind: 'exactness', run: (lib) => shapeOf(new lib.nn.AvgPool2d(3, { stride: 2, padding: 1, ceilMode: true }).call(x4(lib))), expect: returns([1, 3, 5, 5]) },
  { name: 'layers: MaxPool2d ceil_mode drops a window starting in the padding', kind: 'exactness', run: (lib) => shapeOf(new lib.nn.MaxPool2d(2, { stride: 2, padding: 1, ceilMode: true }).call(x4(lib, [1, 3, 9, 9]))), expect: returns([1, 3, 5, 5]) },
  { name: 'layers: MaxPool2d ceil_mode with the kernel larger than the input', kind: 'exactness', run: (lib) => shapeOf(new lib.nn.MaxPool2d(4, { stride: 4, ceilMode: true }).call(x4(lib, [1, 3, 3, 3]))), expect: returns([1, 3, 1, 1]) },
  { name: 'layers: MaxPool3d ceil_mode with padding', kind: 'exactness', run: (lib) => shapeOf(new lib.nn.MaxPool3d(2, { padding: 1, ceilMode: true }).call(x4(lib, [1, 2, 5, 5, 5]))), expect: returns([1, 2, 3, 3, 3]) },
  { name: 'layers: MaxPool2d dilation 2 with padding half the kernel', kind: 'exactness', run: (lib) => shapeOf(new lib.nn.MaxPool2d(3, { stride: 1, padding: 1, dilation: 2 }).call(x4(lib))), expect: returns([1, 3, 6, 6]) },
  { name: 'layers: MaxPool2d stride as a one-entry list', kind: 'silent', run: (lib) => shapeOf(new lib.nn.MaxPool2d(2, { stride: [1] }).call(x4(lib))), expect: returns([1, 3, 7, 7]) },
  { name: 'layers: F.maxPool2d kernel and stride as one-entry lists', kind: 'silent', run: (lib) => shapeOf(lib.F.maxPool2d(x4(lib), [2], [1])), expect: returns([1, 3, 7, 7]) },
  { name: 'layers: AdaptiveAvgPool2d output larger than the input', kind: 'exactness', run: (lib) => shapeOf(new lib.nn.AdaptiveAvgPool2d(16).call(x4(lib))), expect: returns([1, 3, 16, 16]) },
  { name: 'layers: AdaptiveAvgPool2d output size [2, None]', kind: 'exactness', run: (lib) => shapeOf(new lib.nn.AdaptiveAvgPool2d([2, null]).call(x4(lib))), expect: returns([1, 3, 2, 8]) },

  // ---- Resampling.
  { name: 'layers: F.interpolate size with too few entries', kind: 'raw', run: (lib) => shapeOf(lib.F.interpolate(x4(lib), [4])), expect: throws('ShapeError', 'size', '[1,3,8,8]') },
  { name: 'layers: F.interpolate size with too many entries', kind: 'silent', run: (lib) => shapeOf(lib.F.interpolate(x4(lib), [4, 4, 4])), expect: throws('ShapeError', 'size', '3 entries', '[1,3,8,8]') },
  { name: 'layers: F.interpolate size 2.5', kind: 'silent', run: (lib) => shapeOf(lib.F.interpolate(x4(lib), 2.5)), expect: throws('ArgumentError', 'interpolate', 'size', '2.5') },
  { name: 'layers: F.interpolate size true', kind: 'silent', run: (lib) => shapeOf(lib.F.interpolate(x4(lib), bad(true))), expect: throws('ArgumentError', 'size', 'true') },
  { name: 'layers: F.interpolate scale_factor Infinity', kind: 'silent', run: (lib) => shapeOf(lib.F.interpolate(x4(lib), null, Infinity)), expect: throws('ArgumentError', 'scale_factor', 'Infinity') },
  { name: "layers: F.interpolate scale_factor '2'", kind: 'silent', run: (lib) => shapeOf(lib.F.interpolate(x4(lib), null, bad('2'))), expect: throws('ArgumentError', 'scale_factor', "'2'") },
  { name: 'layers: F.interpolate scale_factor with one entry for two dimensions', kind: 'silent', run: (lib) => shapeOf(lib.F.interpolate(x4(lib), null, [2])), expect: throws('ShapeError', 'scale_factor', '1 entries', '[1,3,8,8]') },
  { name: "layers: F.interpolate align_corners with mode 'nearest'", kind: 'silent', run: (lib) => shapeOf(lib.F.interpolate(x4(lib), null, 2, 'nearest', true)), expect: throws('ArgumentError', 'align_corners', 'nearest') },
  { name: "layers: F.interpolate mode 'constructor'", kind: 'raw', run: (lib) => shapeOf(lib.F.interpolate(x4(lib), null, 2, bad('constructor'))), expect: throws('ArgumentError', 'mode', "'constructor'") },
  { name: "layers: Upsample mode 'foo'", kind: 'silent', run: ({ nn }) => new nn.Upsample({ scaleFactor: 2, mode: bad('foo') }), expect: throws('ArgumentError', 'Upsample', 'mode', "'foo'") },
  { name: 'layers: Upsample nearest with align_corners', kind: 'silent', run: ({ nn }) => new nn.Upsample({ scaleFactor: 2, alignCorners: true }), expect: throws('ArgumentError', 'Upsample', 'align_corners', 'true') },
  { name: 'layers: Upsample size 2.5', kind: 'silent', run: ({ nn }) => new nn.Upsample({ size: 2.5 }), expect: throws('ArgumentError', 'Upsample', 'size', '2.5') },
  { name: 'layers: Upsample scale_factor 0', kind: 'silent', run: ({ nn }) => new nn.Upsample({ scaleFactor: 0 }), expect: throws('ArgumentError', 'Upsample', 'scale_factor', '0') },
  { name: 'layers: Upsample scale_factor -2', kind: 'silent', run: ({ nn }) => new nn.Upsample({ scaleFactor: -2 }), expect: throws('ArgumentError', 'Upsample', 'scale_factor', '-2') },
  { name: 'layers: F.interpolate output past exact integers', kind: 'silent', run: (lib) => shapeOf(lib.F.interpolate(x4(lib), null, 1e300)), expect: throws('ShapeError', 'too large', '[1,3,8,8]') },
  { name: 'layers: F.interpolate scale 1.3 floors', kind: 'exactness', run: (lib) => shapeOf(lib.F.interpolate(x4(lib), null, 1.3)), expect: returns([1, 3, 10, 10]) },
  { name: 'layers: F.interpolate bicubic with scale factors [1.5, 0.5]', kind: 'exactness', run: (lib) => shapeOf(lib.F.interpolate(x4(lib, [1, 2, 5, 5]), null, [1.5, 0.5], 'bicubic')), expect: returns([1, 2, 7, 2]) },
  { name: 'layers: F.interpolate trilinear size list, align_corners false', kind: 'exactness', run: (lib) => shapeOf(lib.F.interpolate(x4(lib, [1, 2, 4, 4, 4]), [2, 3, 5], null, 'trilinear', false)), expect: returns([1, 2, 2, 3, 5]) },

  // ---- Normalisation.
  { name: "layers: BatchNorm2d eps '1'", kind: 'silent', run: ({ nn }) => new nn.BatchNorm2d(3, { eps: bad('1') }), expect: throws('ArgumentError', 'BatchNorm2d', 'eps', "'1'") },
  { name: "layers: BatchNorm1d momentum 'fast'", kind: 'silent', run: ({ nn }) => new nn.BatchNorm1d(3, { momentum: bad('fast') }), expect: throws('ArgumentError', 'BatchNorm1d', 'momentum', "'fast'") },
  { name: "layers: GroupNorm eps 'small'", kind: 'silent', run: ({ nn }) => new nn.GroupNorm(2, 4, { eps: bad('small') }), expect: throws('ArgumentError', 'GroupNorm', 'eps', "'small'") },
  { name: 'layers: BatchNorm2d eps NaN is accepted', kind: 'exactness', run: (lib) => shapeOf(new lib.nn.BatchNorm2d(3, { eps: NaN }).call(x4(lib))), expect: returns([1, 3, 8, 8]) },
  { name: 'layers: LayerNorm normalized_shape []', kind: 'silent', run: ({ nn }) => new nn.LayerNorm([]), expect: throws('ArgumentError', 'LayerNorm', 'normalized_shape', '[]') },
  { name: 'layers: LayerNorm normalized_shape null', kind: 'raw', run: ({ nn }) => new nn.LayerNorm(bad(null)), expect: throws('ArgumentError', 'LayerNorm', 'normalized_shape', 'null') },
  { name: 'layers: F.layerNorm normalized_shape []', kind: 'silent', run: (lib) => shapeOf(lib.F.layerNorm(x4(lib, [2, 3]), [])), expect: throws('ArgumentError', 'layer_norm', 'normalized_shape', '[]') },
  { name: 'layers: F.layerNorm normalized_shape null', kind: 'raw', run: (lib) => shapeOf(lib.F.layerNorm(x4(lib, [2, 3]), bad(null))), expect: throws('ArgumentError', 'normalized_shape', 'null') },
  { name: 'layers: F.layerNorm weight not of normalized_shape', kind: 'silent', run: (lib) => shapeOf(lib.F.layerNorm(x4(lib, [2, 3]), [3], new lib.Tensor([4]))), expect: throws('ShapeError', 'weight', '[4]', '[2,3]') },
  { name: 'layers: F.groupNorm num_groups -1', kind: 'silent', run: (lib) => shapeOf(lib.F.groupNorm(x4(lib, [1, 8, 3]), -1)), expect: throws('ArgumentError', 'group_norm', 'num_groups', '-1') },
  { name: 'layers: F.groupNorm num_groups 2.5', kind: 'silent', run: (lib) => shapeOf(lib.F.groupNorm(x4(lib, [1, 8, 3]), 2.5)), expect: throws('ArgumentError', 'num_groups', '2.5') },
  { name: 'layers: F.groupNorm weight not one per channel', kind: 'silent', run: (lib) => shapeOf(lib.F.groupNorm(x4(lib, [1, 8, 3]), 2, new lib.Tensor([4]))), expect: throws('ShapeError', 'weight', '[4]', '[1,8,3]') },
  { name: 'layers: F.batchNorm bias not one per channel', kind: 'silent', run: (lib) => shapeOf(lib.F.batchNorm(x4(lib, [2, 3, 4]), new lib.Tensor([3]), new lib.Tensor([3]), null, new lib.Tensor([2]))), expect: throws('ShapeError', 'bias', '[2]', '[2,3,4]') },
  { name: 'layers: F.batchNorm in evaluation without running statistics', kind: 'silent', run: (lib) => shapeOf(lib.F.batchNorm(x4(lib, [2, 3, 4]), null, null, null, null, false)), expect: throws('ArgumentError', 'batch_norm', 'running_mean') },
  { name: 'layers: F.instanceNorm running_var not one per channel', kind: 'silent', run: (lib) => shapeOf(lib.F.instanceNorm(x4(lib, [2, 3, 4]), new lib.Tensor([3]), new lib.Tensor([5]), null, null, false)), expect: throws('ShapeError', 'running_var', '[5]', '[2,3,4]') },

  // ---- Linear, activations, dropout, attention.
  { name: 'layers: Linear bias 0 is no bias (Python truthiness)', kind: 'silent', run: ({ nn, parameterCount }) => parameterCount(new nn.Linear(3, 4, { bias: bad(0) })).get(''), expect: returns(12n) },
  { name: "layers: Dropout p '0.5'", kind: 'silent', run: ({ nn }) => new nn.Dropout(bad('0.5')), expect: throws('ArgumentError', 'Dropout', 'p', "'0.5'") },
  { name: "layers: GELU approximate 'fast'", kind: 'silent', run: (lib) => shapeOf(new lib.nn.GELU(bad('fast')).call(x4(lib))), expect: throws('ArgumentError', 'GELU', 'approximate', "'fast'") },
  { name: 'layers: Softmax dim 1.5', kind: 'silent', run: ({ nn }) => new nn.Softmax(1.5), expect: throws('ArgumentError', 'Softmax', 'dim', '1.5') },
  { name: 'layers: Softmax dim out of range names the module and the input', kind: 'exactness', run: (lib) => analyzeLayer(lib, new lib.nn.Softmax(4), [3, 8, 8]).flops, expect: throws('ShapeError', 'body (Softmax)', 'dimension 4', '[1,3,8,8]') },
  { name: 'layers: Softmax dim -4 on 4-D input', kind: 'exactness', run: (lib) => shapeOf(new lib.nn.Softmax(-4).call(x4(lib))), expect: returns([1, 3, 8, 8]) },
  { name: 'layers: Flatten start_dim 1.5', kind: 'silent', run: ({ nn }) => new nn.Flatten(1.5), expect: throws('ArgumentError', 'Flatten', 'start_dim', '1.5') },
  { name: 'layers: MultiheadAttention kdim -1', kind: 'silent', run: ({ nn }) => new nn.MultiheadAttention(8, 2, { kdim: -1 }), expect: throws('ArgumentError', 'MultiheadAttention', 'kdim', '-1') },
  { name: 'layers: MultiheadAttention vdim 2.5', kind: 'silent', run: ({ nn }) => new nn.MultiheadAttention(8, 2, { vdim: 2.5 }), expect: throws('ArgumentError', 'MultiheadAttention', 'vdim', '2.5') },
  { name: "layers: MultiheadAttention dropout '0.1' in training", kind: 'silent', run: (lib) => shapeOf(new lib.nn.MultiheadAttention(8, 2, { dropout: bad('0.1') }).call(x4(lib, [3, 1, 8]))[0]), expect: throws('ArgumentError', 'dropout_p', "'0.1'") },
  { name: 'layers: MultiheadAttention dropout 2 in training', kind: 'silent', run: (lib) => shapeOf(new lib.nn.MultiheadAttention(8, 2, { dropout: 2 }).train().call(x4(lib, [3, 1, 8]))[0]), expect: throws('ArgumentError', 'dropout_p', '2') },
  { name: 'layers: MultiheadAttention dropout 2 in evaluation is unused', kind: 'exactness', run: (lib) => new lib.nn.MultiheadAttention(8, 2, { dropout: 2 }).eval().call(x4(lib, [3, 1, 8])).map((t) => t?.shape), expect: returns([[3, 1, 8], [1, 3, 3]]) },
];
