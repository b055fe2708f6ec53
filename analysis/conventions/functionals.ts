// The functions that ptflops, DeepSpeed and calflops patch (`F.relu`,
// `F.max_pool2d`, `torch.matmul`, ...), as the ops our nn layer records for
// them. Where one of our ops stands for several Python spellings, the choice
// is documented in docs/conventions.md:
// - aten::add / aten::mul come from Python's `+` and `*` far more often than
//   from `torch.add` / `torch.mul` (torchvision's ResNet: `out += identity`),
//   so the tools' add/mul patches never count;
// - aten::hardtanh is `nn.ReLU6` (which calls the unpatched `F.hardtanh`);
// - aten::matmul is `torch.matmul` / `Tensor.matmul` (`@` included).

import type { ModelTree } from '../../trace/model_tree.js';
import type { OpNode } from '../../trace/graph.js';

/** Activations patched with an input-numel cost, by op (both tools; DeepSpeed adds leaky_relu). */
export const NUMEL_ACTIVATIONS: ReadonlySet<string> = new Set(['aten::relu', 'aten::relu_', 'aten::prelu', 'aten::elu', 'aten::elu_', 'aten::gelu', 'aten::silu', 'aten::silu_']);

/** `F.leaky_relu`: patched by DeepSpeed and calflops, not by ptflops. */
export const LEAKY_RELU: ReadonlySet<string> = new Set(['aten::leaky_relu', 'aten::leaky_relu_']);

/** Every `F.*pool*` (max, average, adaptive; 1 to 3 dimensions): input numel in both tools. */
export const POOLS: ReadonlySet<string> = new Set(
  ['max', 'avg', 'adaptive_avg', 'adaptive_max'].flatMap((k) => [1, 2, 3].map((d) => `aten::${k}_pool${d}d`)).concat([1, 2, 3].map((d) => `aten::max_pool${d}d_with_indices`)),
);

/** `F.interpolate` / `F.upsample`, any mode. */
export function isUpsample(kind: string): boolean {
  return kind.startsWith('aten::upsample_');
}

/** Modules whose PyTorch forward runs fused kernels (`_VF.lstm_cell`, ...), where our nn records the linear ops they are made of: no patched function runs inside. */
const FUSED_CELLS: ReadonlySet<string> = new Set(['RNNCell', 'LSTMCell', 'GRUCell']);

const INSIDE_FUSED = new WeakMap<ModelTree, Uint8Array>();

/** Whether an op ran inside an RNN cell module (so no patched Python function saw it). */
export function insideFusedCell(tree: ModelTree, node: OpNode): boolean {
  let marks = INSIDE_FUSED.get(tree);
  if (marks === undefined) {
    marks = new Uint8Array(tree.size);
    for (let id = 0; id < tree.size; id++) {
      const parent = tree.parents[id]!;
      marks[id] = FUSED_CELLS.has(tree.moduleList[id]!.typeName()) || (parent !== -1 && marks[parent] === 1) ? 1 : 0;
    }
    INSIDE_FUSED.set(tree, marks);
  }
  for (let s = node.scope; s !== null; s = s.parent) if (marks[s.id] === 1) return true;
  return false;
}
