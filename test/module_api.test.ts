// Module's PyTorch API: buffers (persistent or not, declared as fields with
// Buffer), stateDict, apply, requiresGrad_ and the trainable/frozen split,
// `delete m.fc` and `m.fc = null`, the TypeErrors of assignment, and what a
// call of a module outside the model does under the tracer. Every expected key,
// order, shape and count is PyTorch 1.13's (torchvision 0.14; and mmengine's
// FlopAnalyzer for the traced cases), printed by running it, not our output.

import { createHash } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  analyze,
  ArgumentError,
  Buffer,
  jsonView,
  Module,
  models,
  nn,
  Parameter,
  parameterCount,
  parameterCountSplit,
  setTraceSink,
  Tensor,
} from '../index.js';

const t = suite('module API');

const isArgumentError = (e: unknown): boolean => e instanceof ArgumentError;

/** `[key, shape]` of every stateDict entry, in order. */
const entries = (m: Module): [string, number[]][] => [...m.stateDict()].map(([k, v]) => [k, [...v.shape] as number[]]);
const keys = (m: Module): string[] => [...m.stateDict().keys()];
const names = (list: readonly (readonly [string, unknown])[]): string[] => list.map(([k]) => k);

// ------------------------------------------------------------- state_dict

// Per model: len(state_dict), len(named_parameters), len(named_buffers), and
// the first 16 hex digits of sha256 over "key:shape" lines ("k:64,3,7,7\n...").
const ZOO_STATE: [string, number, number, number, string][] = [
  ['resnet18', 122, 62, 60, 'cef0042c7e9902b8'],
  ['mobilenet_v2', 314, 158, 156, '818b72532e7479eb'],
  ['vit_b_16', 152, 152, 0, '3b8071d5291913d7'],
  ['convnext_tiny', 182, 182, 0, 'be6ffec2691f1b7e'],
  ['swin_t', 185, 173, 12, '2e8b7732b022770c'],
  ['efficientnet_b0', 360, 213, 147, '0720b08d4942fec9'],
];

t("stateDict of torchvision models: PyTorch's keys, order and shapes", () => {
  const zoo = models as unknown as Record<string, () => Module>;
  for (const [name, count, params, buffers, digest] of ZOO_STATE) {
    const m = zoo[name]!();
    const sd = m.stateDict();
    assert.is(sd.size, count, name);
    assert.is(m.namedParameters().length, params, name);
    assert.is(m.namedBuffers().length, buffers, name);
    const text = [...sd].map(([k, v]) => `${k}:${v.shape.join(',')}`).join('\n');
    assert.is(createHash('sha256').update(text).digest('hex').slice(0, 16), digest, name);
  }
  const r = models.resnet18();
  const ks = keys(r);
  assert.equal(ks.slice(0, 8), ['conv1.weight', 'bn1.weight', 'bn1.bias', 'bn1.running_mean', 'bn1.running_var', 'bn1.num_batches_tracked', 'layer1.0.conv1.weight', 'layer1.0.bn1.weight']);
  assert.equal(ks.slice(-3), ['layer4.1.bn2.num_batches_tracked', 'fc.weight', 'fc.bias']);
  assert.equal(entries(r).slice(0, 6).map(([, s]) => s), [[64, 3, 7, 7], [64], [64], [64], [64], []]);
  assert.equal(r.stateDict().get('fc.weight')!.shape, [1000, 512]);
  assert.equal(vitFirst(), ['class_token', 'conv_proj.weight']);
});

const vitFirst = (): string[] => keys(models.vit_b_16()).slice(0, 2);

t('stateDict: parameters, then buffers, then children; num_batches_tracked is int64', () => {
  const bn = new nn.BatchNorm2d(4);
  assert.equal(entries(bn), [['weight', [4]], ['bias', [4]], ['running_mean', [4]], ['running_var', [4]], ['num_batches_tracked', []]]);
  assert.is(bn.stateDict().get('num_batches_tracked')!.dtype, 'int64');
  // No running stats: three None buffers, nothing in the state.
  const bare = new nn.BatchNorm2d(4, { affine: false, trackRunningStats: false });
  assert.equal(keys(bare), []);
  assert.equal([...bare._buffers], [['running_mean', null], ['running_var', null], ['num_batches_tracked', null]]);
  const norms = new nn.Sequential(new nn.GroupNorm(2, 4), new nn.LayerNorm([4]), new nn.InstanceNorm1d(4, { trackRunningStats: true }), new nn.PReLU());
  assert.equal(entries(norms), [
    ['0.weight', [4]], ['0.bias', [4]], ['1.weight', [4]], ['1.bias', [4]],
    ['2.running_mean', [4]], ['2.running_var', [4]], ['2.num_batches_tracked', []], ['3.weight', [1]],
  ]);
});

t('stateDict of the recurrent and attention layers', () => {
  const lstm = new nn.LSTM(4, 8, { numLayers: 2, bidirectional: true, projSize: 3 });
  const lstmKeys: [string, number[]][] = [];
  for (const l of ['l0', 'l0_reverse', 'l1', 'l1_reverse']) {
    const input = l.startsWith('l1') ? 6 : 4;
    lstmKeys.push([`weight_ih_${l}`, [32, input]], [`weight_hh_${l}`, [32, 3]], [`bias_ih_${l}`, [32]], [`bias_hh_${l}`, [32]], [`weight_hr_${l}`, [3, 8]]);
  }
  assert.equal(entries(lstm), lstmKeys);
  assert.equal(entries(new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16 })), [
    ['self_attn.in_proj_weight', [24, 8]], ['self_attn.in_proj_bias', [24]], ['self_attn.out_proj.weight', [8, 8]], ['self_attn.out_proj.bias', [8]],
    ['linear1.weight', [16, 8]], ['linear1.bias', [16]], ['linear2.weight', [8, 16]], ['linear2.bias', [8]],
    ['norm1.weight', [8]], ['norm1.bias', [8]], ['norm2.weight', [8]], ['norm2.bias', [8]],
  ]);
  assert.equal(entries(new nn.MultiheadAttention(8, 2, { kdim: 4, vdim: 6, addBiasKv: true })), [
    ['q_proj_weight', [8, 8]], ['k_proj_weight', [8, 4]], ['v_proj_weight', [8, 6]], ['in_proj_bias', [24]],
    ['bias_k', [1, 1, 8]], ['bias_v', [1, 1, 8]], ['out_proj.weight', [8, 8]], ['out_proj.bias', [8]],
  ]);
});

class NonPersistent extends Module {
  fc = new nn.Linear(2, 3);
  constructor() {
    super();
    this.registerBuffer('mask', new Tensor([3, 3]), false);
    this.registerBuffer('pe', new Tensor([5, 2]));
    this.registerParameter('scale', new Parameter([1]));
  }
}

t('registerBuffer(name, tensor, false): in namedBuffers, not in stateDict', () => {
  const m = new NonPersistent();
  assert.equal(entries(m), [['scale', [1]], ['pe', [5, 2]], ['fc.weight', [3, 2]], ['fc.bias', [3]]]);
  assert.equal(names(m.namedBuffers()), ['mask', 'pe']);
  assert.equal(names(m.namedParameters()), ['scale', 'fc.weight', 'fc.bias']);
  assert.equal([...m._nonPersistentBuffersSet], ['mask']);
  assert.is(m.buffers().length, 2);
});

t('registering a buffer again sets its persistence; assigning a tensor keeps it', () => {
  // PyTorch: register_buffer('a', ..., persistent=False); register_buffer('a', zeros(3));
  // register_buffer('b', zeros(4), persistent=False); self.b = zeros(5); register_buffer('c', None)
  class M extends Module {
    b?: Tensor;
    constructor() {
      super();
      this.registerBuffer('a', new Tensor([2]), false);
      this.registerBuffer('a', new Tensor([3]));
      this.registerBuffer('b', new Tensor([4]), false);
      this.b = new Tensor([5]);
      this.registerBuffer('c', null);
    }
  }
  const m = new M();
  assert.equal(entries(m), [['a', [3]]]);
  assert.equal(m.namedBuffers().map(([k, v]) => [k, [...v.shape]]), [['a', [3]], ['b', [5]]]);
});

t('Buffer fields: typed, registered in field order, persistent or not', () => {
  class PositionalEncoding extends Module {
    pe = new Buffer([1, 16, 8]);
    mask: Tensor = new Buffer([16, 16], 'bool', { persistent: false });
    steps = new Buffer([], { persistent: true });
    override forward(x: Tensor): Tensor {
      return x.add(this.pe);
    }
  }
  const m = new PositionalEncoding();
  assert.ok(m.pe instanceof Tensor);
  assert.is(m.mask.dtype, 'bool');
  assert.equal(names(m.namedBuffers()), ['pe', 'mask', 'steps']);
  assert.equal(keys(m), ['pe', 'steps']);
  assert.equal(names(m.namedParameters()), []);
  // registerBuffer returns its tensor, so a field can hold it.
  class Returned extends Module {
    table = this.registerBuffer('table', new Tensor([4, 4]), false);
  }
  const r = new Returned();
  assert.is(r.table, r._buffers.get('table'));
  assert.equal(keys(r), []);
  // A Buffer over a registered module is PyTorch's "attribute already exists".
  const lin = new nn.Sequential(new nn.Linear(1, 1));
  assert.throws(() => Reflect.set(lin, '0', new Buffer([1])), (e: unknown) => e instanceof ArgumentError && /already exists/.test(e.message));
  assert.throws(() => new Buffer([1], { persistent: 'no' as unknown as boolean }), isArgumentError);
});

t('tied weights: once in namedParameters and the counts, under each name in stateDict', () => {
  class Tied extends Module {
    emb = new nn.Embedding(10, 4);
    body = new nn.Linear(4, 4);
    head = new nn.Linear(4, 10, { bias: false });
    constructor() {
      super();
      this.head.weight = this.emb.weight;
    }
  }
  const m = new Tied();
  assert.equal(entries(m), [['emb.weight', [10, 4]], ['body.weight', [4, 4]], ['body.bias', [4]], ['head.weight', [10, 4]]]);
  assert.equal(names(m.namedParameters()), ['emb.weight', 'body.weight', 'body.bias']);
  assert.is(parameterCount(m).get(''), 60n);
  // A shared module: under each name in the state, once in named_modules.
  class Shared extends Module {
    a = new nn.Linear(2, 2);
    b = this.a;
  }
  const s = new Shared();
  assert.equal(keys(s), ['a.weight', 'a.bias', 'b.weight', 'b.bias']);
  assert.equal(names(s.namedModules()), ['', 'a']);
  assert.equal(names(s.namedParameters()), ['a.weight', 'a.bias']);
});

t('prefix and recurse', () => {
  const s = new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU());
  assert.equal(names(s.namedParameters('model')), ['model.0.weight', 'model.0.bias']);
  assert.equal(names(s.namedParameters('', false)), []);
  assert.equal(s.parameters(false), []);
  assert.equal(keys2(s.stateDict('x.')), ['x.0.weight', 'x.0.bias']);
  assert.equal(names(new nn.BatchNorm1d(2).namedBuffers('bn', false)), ['bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked']);
  const r = models.resnet18();
  assert.is(r.getParameter('layer1.0.conv1.weight'), r.stateDict().get('layer1.0.conv1.weight'));
  assert.is(r.getBuffer('bn1.running_mean'), r.stateDict().get('bn1.running_mean'));
  assert.throws(() => r.getParameter('bn1.running_mean'), isArgumentError);
  assert.throws(() => r.getBuffer('nope.weight'), isArgumentError);
});

const keys2 = (sd: Map<string, Tensor>): string[] => [...sd.keys()];

// ------------------------------------------------------------------ apply

t('apply: children first, then the module; returns it', () => {
  const seq = new nn.Sequential(new nn.Conv2d(1, 1, 1), new nn.Sequential(new nn.BatchNorm2d(1), new nn.ReLU()), new nn.Linear(1, 1));
  const nameOf = new Map(seq.namedModules().map(([k, m]) => [m, k]));
  const order: string[] = [];
  assert.is(seq.apply((m) => order.push(nameOf.get(m)!)), seq);
  assert.equal(order, ['0', '1.0', '1.1', '1', '2', '']);
  // A module shared by two parents is visited under each; twice under one parent, once.
  const sh = new nn.Linear(1, 1);
  const types: string[] = [];
  new nn.Sequential(sh, new nn.Sequential(sh)).apply((m) => types.push(m.typeName()));
  assert.equal(types, ['Linear', 'Linear', 'Sequential', 'Sequential']);
  types.length = 0;
  new nn.Sequential(sh, sh).apply((m) => types.push(m.typeName()));
  assert.equal(types, ['Linear', 'Sequential']);
  assert.throws(() => seq.apply(5 as unknown as (m: Module) => void), isArgumentError);
});

// ------------------------------------------------- requires_grad, the split

t('requiresGrad_ and the trainable/frozen split (each number unchanged)', () => {
  assert.equal(new nn.Linear(1, 1).requiresGrad_(false).parameters().map((p) => p.requiresGrad), [false, false]);
  assert.is(new Parameter([2]).requiresGrad, true);
  assert.is(new Parameter([2], 'float32', false).requiresGrad, false);
  const m = models.resnet18();
  const before = analyze(m, [3, 224, 224]);
  assert.is(before.paramsFrozen, 0n);
  assert.is(before.paramsTrainable, 11689512n);
  m.layer1.requiresGrad_(false);
  m.fc.requiresGrad_(false);
  // PyTorch: sum(p.numel() for p in m.parameters() if not p.requires_grad), and the rest.
  assert.equal(parameterCountSplit(m), { total: 11689512n, trainable: 11028544n, frozen: 660968n });
  const r = analyze(m, [3, 224, 224]);
  assert.is(r.params, 11689512n);
  assert.is(r.paramsStr, '11.69M');
  assert.is(r.paramsFrozen, 660968n);
  assert.is(r.paramsTrainable, 11028544n);
  assert.is(r.outTable, before.outTable);
  assert.is(r.outArch, before.outArch);
  const json = jsonView(r.report);
  assert.is(json.get('paramsTrainable'), 11028544n);
  assert.is(json.get('paramsFrozen'), 660968n);
  const keysOf = [...json.keys()];
  assert.equal(keysOf.slice(keysOf.indexOf('params'), keysOf.indexOf('params') + 4), ['params', 'paramsStr', 'paramsTrainable', 'paramsFrozen']);
  // A tied weight frozen once is frozen once.
  const tied = new nn.Sequential(new nn.Linear(3, 3), new nn.Linear(3, 3));
  tied._modules.get('1')!.registerParameter('bias', null);
  (tied._modules.get('0') as nn.Linear).weight.requiresGrad = false;
  (tied._modules.get('1') as nn.Linear).weight = (tied._modules.get('0') as nn.Linear).weight;
  assert.equal(parameterCountSplit(tied), { total: 12n, trainable: 3n, frozen: 9n });
});

// ------------------------------------------------- None, delete, TypeErrors

class Net extends Module {
  conv?: nn.Conv2d | null = new nn.Conv2d(1, 2, 3);
  fc?: nn.Linear | null = new nn.Linear(2, 3);
  bn = new nn.BatchNorm1d(3);
}

t('m.fc = null keeps a None entry: gone from named_modules, state_dict and parameters, shown in the repr', () => {
  const n = new Net();
  n.fc = null;
  assert.equal([...n._modules.keys()], ['conv', 'fc', 'bn']);
  assert.is(n._modules.get('fc'), null);
  assert.equal(names(n.namedModules()), ['', 'conv', 'bn']);
  assert.equal(keys(n), ['conv.weight', 'conv.bias', 'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked']);
  assert.equal(names(n.namedParameters()), ['conv.weight', 'conv.bias', 'bn.weight', 'bn.bias']);
  assert.equal([...n.namedChildren()].map(([k]) => k), ['conv', 'bn']);
  assert.is(
    String(n),
    'Net(\n  (conv): Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1))\n  (fc): None\n  (bn): BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)\n)',
  );
});

t('delete m.fc unregisters it (the key is gone); assigning again appends it', () => {
  const n = new Net();
  n.fc = null;
  delete n.fc;
  assert.equal([...n._modules.keys()], ['conv', 'bn']);
  assert.not.ok('fc' in n);
  assert.is(n.fc, undefined);
  n.fc = new nn.Linear(2, 3);
  assert.equal([...n._modules.keys()], ['conv', 'bn', 'fc']);
  delete n.conv;
  assert.equal([...n._modules.keys()], ['bn', 'fc']);
  assert.equal(keys(n), ['bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked', 'fc.weight', 'fc.bias']);
  // The counts see the change.
  assert.is(parameterCount(n).get(''), 15n);
  // Parameters and buffers: None keeps the key, delete removes it.
  const l = new nn.Linear(2, 3);
  l.bias = null;
  assert.equal([...l._parameters.keys()], ['weight', 'bias']);
  assert.equal(keys(l), ['weight']);
  Reflect.deleteProperty(l, 'weight');
  assert.equal([...l._parameters.keys()], ['bias']);
  const b = new nn.BatchNorm1d(3);
  Reflect.set(b, 'running_mean', null);
  assert.equal([...b._buffers.keys()], ['running_mean', 'running_var', 'num_batches_tracked']);
  assert.equal(keys(b), ['weight', 'bias', 'running_var', 'num_batches_tracked']);
  assert.equal(names(b.namedBuffers()), ['running_var', 'num_batches_tracked']);
  Reflect.deleteProperty(b, 'running_var');
  assert.equal([...b._buffers.keys()], ['running_mean', 'num_batches_tracked']);
  // A non-persistent buffer deleted and registered again is persistent.
  const np = new NonPersistent();
  Reflect.deleteProperty(np, 'mask');
  np.registerBuffer('mask', new Tensor([3, 3]));
  assert.equal(keys(np), ['scale', 'pe', 'mask', 'fc.weight', 'fc.bias']);
});

t("a registered name takes only its kind (PyTorch's TypeError)", () => {
  const n = new Net();
  // cannot assign 'int' as child module 'fc' (torch.nn.Module or None expected)
  assert.throws(() => Reflect.set(n, 'fc', 5), (e: unknown) => e instanceof ArgumentError && e.message === "Net: child module 'fc' must be a Module or null (cannot assign it as child module 'fc'), got 5");
  assert.throws(() => Reflect.set(n, 'fc', new Tensor([2])), (e: unknown) => e instanceof ArgumentError && /child module 'fc'/.test(e.message));
  // cannot assign 'torch.FloatTensor' as parameter 'weight' (torch.nn.Parameter or None expected)
  assert.throws(() => Reflect.set(new nn.Linear(1, 1), 'weight', new Tensor([1, 1])), (e: unknown) => e instanceof ArgumentError && /parameter 'weight'/.test(e.message));
  // cannot assign 'int' as buffer 'running_mean' (torch.Tensor or None expected)
  assert.throws(() => Reflect.set(new nn.BatchNorm1d(1), 'running_mean', 5), (e: unknown) => e instanceof ArgumentError && /buffer 'running_mean'/.test(e.message));
  // The registries are unchanged by a refused assignment.
  assert.ok(n._modules.get('fc') instanceof nn.Linear);
  assert.ok(n.fc instanceof nn.Linear);
  // A module over a parameter (or a buffer) replaces it, as __setattr__ does.
  const l = new nn.Linear(1, 1);
  Reflect.set(l, 'bias', new nn.ReLU());
  assert.equal([...l._parameters.keys()], ['weight']);
  assert.equal([...l._modules.keys()], ['bias']);
});

// --------------------------------------------- modules outside the model

class PrivateBlock extends Module {
  #fc = new nn.Linear(4, 4);
  override forward(x: Tensor): Tensor {
    return this.#fc.call(x);
  }
}

class WithPrivate extends Module {
  block = new PrivateBlock();
  head = new nn.Linear(4, 2);
  override forward(x: Tensor): Tensor {
    return this.head.call(this.block.call(x));
  }
}

t('a module in a #private field: an ArgumentError naming the module path of its caller', () => {
  const err = (f: () => unknown): ArgumentError => {
    try {
      f();
    } catch (e) {
      if (e instanceof ArgumentError) return e;
      throw e;
    }
    throw new Error('no error');
  };
  const e = err(() => analyze(new WithPrivate(), { inputs: [[2, 4]] }));
  assert.ok(e.message.startsWith('block (PrivateBlock): a module called in forward must be part of the model'), e.message);
  assert.match(e.message, /#private field/);
  assert.ok(e.message.endsWith('got a Linear module'), e.message);
  // At the root, and for a module without parameters.
  class Root extends Module {
    #act = new nn.ReLU();
    override forward(x: Tensor): Tensor {
      return this.#act.call(x);
    }
  }
  assert.ok(err(() => analyze(new Root(), [4])).message.startsWith('Root: a module called in forward'));
  // Outside a trace it is plain shape inference: no check.
  assert.equal(new WithPrivate().call(new Tensor([2, 4])).shape, [2, 2]);
});

// The reference (mmengine's FlopAnalyzer, PyTorch 1.13) on these models at [2, 4]:
//   ForwardBuilt {'': 112, 'fc1': 64}, 40 parameters
//   Nested {'': 118, 'block': 112, 'block.fc1': 64, 'out': 6}, 44 parameters
//   PlainActs {'': 32, 'fc': 32}, 20 parameters
//   FrozenList {'': 48, 'head': 16}, 10 parameters
//   PlainList (trainable Linear modules in a plain list): RuntimeError "Cannot
//   insert a Tensor that requires grad as a constant"
class ForwardBuilt extends Module {
  fc1 = new nn.Linear(4, 8);
  override forward(x: Tensor): Tensor {
    return new nn.Linear(8, 3).call(this.fc1.call(x));
  }
}
class Nested extends Module {
  block = new ForwardBuilt();
  out = new nn.Linear(3, 1);
  override forward(x: Tensor): Tensor {
    return this.out.call(this.block.call(x));
  }
}
class PlainActs extends Module {
  fc = new nn.Linear(4, 4);
  acts = [new nn.Hardswish(), new nn.AdaptiveAvgPool1d(2)];
  override forward(x: Tensor): Tensor {
    let y = this.fc.call(x);
    for (const a of this.acts) y = a.call(y);
    return y;
  }
}
class FrozenList extends Module {
  blocks = [new nn.Linear(4, 4).requiresGrad_(false)];
  head = new nn.Linear(4, 2);
  override forward(x: Tensor): Tensor {
    let y = x;
    for (const b of this.blocks) y = b.call(y);
    return this.head.call(y);
  }
}
class PlainList extends Module {
  blocks = [new nn.Linear(4, 4), new nn.Linear(4, 4)];
  head = new nn.Linear(4, 2);
  override forward(x: Tensor): Tensor {
    let y = x;
    for (const b of this.blocks) y = b.call(y);
    return this.head.call(y);
  }
}

t("modules built inside forward, or parameter-free ones in plain lists: charged to the caller, as the reference's", () => {
  const byModule = (m: Module): Record<string, number> => {
    const r = analyze(m.eval(), { inputs: [[2, 4]] });
    return Object.fromEntries([...r.flopAnalyzer.byModule()].map(([k, v]) => [k, Number(v)]));
  };
  assert.equal(byModule(new ForwardBuilt()), { '': 112, fc1: 64 });
  assert.is(analyze(new ForwardBuilt(), { inputs: [[2, 4]] }).params, 40n);
  assert.equal(byModule(new Nested()), { '': 118, block: 112, 'block.fc1': 64, out: 6 });
  assert.equal(byModule(new PlainActs()), { '': 32, fc: 32 });
  assert.is(analyze(new PlainActs(), { inputs: [[2, 4]] }).params, 20n);
  assert.equal(byModule(new FrozenList()), { '': 48, head: 16 });
  assert.is(analyze(new FrozenList(), { inputs: [[2, 4]] }).params, 10n);
  // Trainable modules in a plain list: the reference fails; so does flopscope, saying why.
  assert.throws(() => analyze(new PlainList(), { inputs: [[2, 4]] }), (e: unknown) => e instanceof ArgumentError && /^PlainList: a module called in forward/.test(e.message));
});

t('a module built before its caller (a closure over an existing module): charged to the caller', () => {
  const external = new nn.Linear(4, 4);
  class Outer extends Module {
    head = new nn.Linear(4, 2);
    constructor(readonly f: (x: Tensor) => Tensor) {
      super();
    }
    override forward(x: Tensor): Tensor {
      return this.head.call(this.f(x));
    }
  }
  const r = analyze(new Outer((x) => external.call(x)), { inputs: [[2, 4]] });
  assert.equal(Object.fromEntries([...r.flopAnalyzer.byModule()].map(([k, v]) => [k, Number(v)])), { '': 48, head: 16 });
  assert.is(r.params, 10n);
});

t('the check follows each trace: after an error, and under a sink of your own', () => {
  assert.throws(() => analyze(new WithPrivate(), { inputs: [[2, 4]] }), isArgumentError);
  // Nothing is left open: the next analyses run as usual.
  assert.is(analyze(new ForwardBuilt(), { inputs: [[2, 4]] }).flops, 112n);
  // A sink installed by hand: the first module called under it is the model;
  // each top-level call starts again.
  const seen: string[] = [];
  const previous = setTraceSink({ enterModule: (m) => seen.push((m as Module).typeName()), exitModule: () => undefined, record: () => undefined });
  try {
    new ForwardBuilt().call(new Tensor([2, 4]));
    new PlainActs().call(new Tensor([2, 4]));
    assert.throws(() => new WithPrivate().call(new Tensor([2, 4])), (e: unknown) => e instanceof ArgumentError && /^PrivateBlock: a module called in forward/.test(e.message));
  } finally {
    setTraceSink(previous);
  }
  assert.equal(seen, ['ForwardBuilt', 'Linear', 'Linear', 'PlainActs', 'Linear', 'Hardswish', 'AdaptiveAvgPool1d', 'WithPrivate', 'PrivateBlock']);
  // A trace inside a forward (a nested analysis) checks its own model.
  class Outer extends Module {
    fc = new nn.Linear(4, 4);
    override forward(x: Tensor): Tensor {
      assert.is(analyze(new ForwardBuilt(), { inputs: [[2, 4]] }).flops, 112n);
      assert.throws(() => analyze(new WithPrivate(), { inputs: [[2, 4]] }), isArgumentError);
      return this.fc.call(x);
    }
  }
  assert.is(analyze(new Outer(), { inputs: [[2, 4]] }).flops, 32n);
});

t.run();
