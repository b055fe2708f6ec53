// Seeded random models for the invariant tests: valid networks of the nn
// layers, built block by block while the feature map's shape is tracked, so
// that every model runs at its input (and at any larger image). Besides plain
// chains they hold the cases the counting rules treat specially: residual
// adds, a module registered under two names, a module called twice, a module
// registered in one block and called from another, `.forward()` called
// directly, a module built inside forward, uncalled and unused modules, a
// parameter shared by two modules, a general einsum (numpy's rounded cost) and
// a position-bias MLP run on a parameter (a cost that does not grow with the
// batch).

import { F, Module, nn, Parameter, type Tensor } from '../index.js';

/** mulberry32: a small deterministic PRNG (32-bit state, floats in [0, 1)). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** The feature map between blocks: channels and the spatial size at the base input. */
interface FeatureMap {
  c: number;
  h: number;
  w: number;
}

type TensorModule = Module<(x: Tensor) => Tensor>;

function divisors(n: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= n; d++) if (n % d === 0) out.push(d);
  return out;
}

const convOut = (size: number, k: number, s: number, p: number, d: number): number => Math.floor((size + 2 * p - d * (k - 1) - 1) / s) + 1;

function activation(rng: Rng): TensorModule | null {
  switch (rng.int(0, 7)) {
    case 0:
      return new nn.ReLU(rng.chance(0.5));
    case 1:
      return new nn.ReLU6(rng.chance(0.5));
    case 2:
      return new nn.SiLU(rng.chance(0.5));
    case 3:
      return new nn.Hardswish();
    case 4:
      return new nn.GELU();
    case 5:
      return new nn.Sigmoid();
    default:
      return null;
  }
}

function norm(rng: Rng, c: number): TensorModule | null {
  switch (rng.int(0, 5)) {
    case 0:
    case 1:
      return new nn.BatchNorm2d(c, { affine: rng.chance(0.8), trackRunningStats: rng.chance(0.8) });
    case 2:
      return new nn.GroupNorm(rng.pick(divisors(c)), c, { affine: rng.chance(0.7) });
    case 3:
      return new nn.InstanceNorm2d(c, { affine: rng.chance(0.5) });
    default:
      return null;
  }
}

/**
 * A Conv2d with random kernel, stride, padding, dilation, groups and bias that
 * fits `fm`; `same` keeps the size (odd kernel, padding k // 2, dilation 1) up
 * to the stride, so branches of one stride agree on their output size.
 */
function conv(rng: Rng, fm: FeatureMap, outC: number, options: { same?: boolean; stride?: number } = {}): nn.Conv2d {
  const groups = rng.chance(0.3) ? rng.pick(divisors(fm.c).filter((g) => outC % g === 0)) : 1;
  for (;;) {
    const k = rng.pick([1, 3, 5]);
    const stride = options.stride ?? (rng.chance(0.3) ? 2 : 1);
    const dilation = options.same !== true && k === 3 && rng.chance(0.2) ? 2 : 1;
    const padding = options.same === true || rng.chance(0.6) ? ((k - 1) / 2) * dilation : 0;
    const h = convOut(fm.h, k, stride, padding, dilation);
    const w = convOut(fm.w, k, stride, padding, dilation);
    if (h < 1 || w < 1) continue;
    const layer = new nn.Conv2d(fm.c, outC, k, { stride, padding, dilation, groups, bias: rng.chance(0.5) });
    fm.c = outC;
    fm.h = h;
    fm.w = w;
    return layer;
  }
}

/** conv, then an optional norm and activation, in a Sequential. */
function convBlock(rng: Rng, fm: FeatureMap, outC: number, options: { same?: boolean; stride?: number } = {}): nn.Sequential {
  const layers: Module[] = [conv(rng, fm, outC, options)];
  const n = norm(rng, fm.c);
  if (n !== null) layers.push(n);
  const a = activation(rng);
  if (a !== null) layers.push(a);
  return new nn.Sequential(...layers);
}

const pickChannels = (rng: Rng): number => rng.pick([4, 6, 8, 12, 16, 24, 32]);

class Residual extends Module {
  body: nn.Sequential;
  shortcut: nn.Sequential | null = null;
  act: TensorModule | null;

  constructor(rng: Rng, fm: FeatureMap) {
    super();
    const inC = fm.c;
    const stride = rng.chance(0.3) ? 2 : 1;
    const outC = rng.chance(0.5) ? inC : pickChannels(rng);
    const probe = { ...fm };
    this.body = new nn.Sequential(convBlock(rng, fm, outC, { same: true, stride }), convBlock(rng, fm, outC, { same: true, stride: 1 }));
    if (stride !== 1 || outC !== inC) {
      const layers: Module[] = [conv(rng, probe, outC, { same: true, stride })];
      if (rng.chance(0.5)) layers.push(new nn.BatchNorm2d(outC));
      this.shortcut = new nn.Sequential(...layers);
    }
    this.act = rng.chance(0.5) ? new nn.ReLU(true) : null;
  }

  override forward(x: Tensor): Tensor {
    const identity = this.shortcut === null ? x : this.shortcut.call(x);
    const y = F.add(this.body.call(x), identity);
    return this.act === null ? F.relu(y) : this.act.call(y);
  }
}

/** One conv registered under two names, called under each (or twice under the first). */
class SharedTwice extends Module {
  first: nn.Conv2d;
  middle: TensorModule;
  second: nn.Conv2d;

  constructor(rng: Rng, fm: FeatureMap) {
    super();
    this.first = conv(rng, fm, fm.c, { same: true, stride: 1 });
    this.middle = activation(rng) ?? new nn.Identity();
    this.second = this.first;
  }

  override forward(x: Tensor): Tensor {
    return this.second.call(this.middle.call(this.first.call(x)));
  }
}

/** Two convs of one shape whose second holds the first's weight (one parameter, two names). */
class SharedWeight extends Module {
  a: nn.Conv2d;
  b: nn.Conv2d;

  constructor(rng: Rng, fm: FeatureMap) {
    super();
    const c = fm.c;
    this.a = new nn.Conv2d(c, c, 3, { padding: 1, bias: rng.chance(0.5) });
    this.b = new nn.Conv2d(c, c, 3, { padding: 1, bias: rng.chance(0.5) });
    this.b.weight = this.a.weight;
  }

  override forward(x: Tensor): Tensor {
    return F.add(this.a.call(x), this.b.call(x));
  }
}

/** Calls its child's forward directly: the child is uncalled, its ops are this module's. */
class DirectForward extends Module {
  inner: nn.Conv2d;
  post: TensorModule;

  constructor(rng: Rng, fm: FeatureMap) {
    super();
    this.inner = conv(rng, fm, pickChannels(rng));
    this.post = norm(rng, fm.c) ?? new nn.ReLU();
  }

  override forward(x: Tensor): Tensor {
    return this.post.call(this.inner.forward(x));
  }
}

/**
 * Calls a module registered elsewhere (in the root's `extras`), held in a
 * plain array so that it is not registered here: its cost goes to its owner.
 */
class CrossCall extends Module {
  private readonly target: TensorModule[];
  post: TensorModule;

  constructor(rng: Rng, target: TensorModule) {
    super();
    this.target = [target];
    this.post = activation(rng) ?? new nn.Identity();
  }

  override forward(x: Tensor): Tensor {
    return this.post.call(this.target[0]!.call(x));
  }
}

/** Registers (again) a module an earlier block registered and calls it: a shared module under a second path. */
class Borrow extends Module {
  borrowed: TensorModule;

  constructor(borrowed: TensorModule) {
    super();
    this.borrowed = borrowed;
  }

  override forward(x: Tensor): Tensor {
    return F.mul(this.borrowed.call(x), 0.5);
  }
}

/** Builds a 1x1 conv inside forward: a module outside the tree, whose ops are this module's. */
class Ephemeral extends Module {
  constructor(private readonly channels: number) {
    super();
  }

  override forward(x: Tensor): Tensor {
    return new nn.Conv2d(this.channels, this.channels, 1).call(x);
  }
}

class Stack extends Module {
  layers: nn.ModuleList<nn.Sequential>;

  constructor(rng: Rng, fm: FeatureMap) {
    super();
    const n = rng.int(1, 3);
    const blocks: nn.Sequential[] = [];
    for (let i = 0; i < n; i++) blocks.push(convBlock(rng, fm, fm.c, { same: true, stride: 1 }));
    this.layers = new nn.ModuleList(blocks);
  }

  override forward(x: Tensor): Tensor {
    for (const m of this.layers) x = m.call(x);
    return x;
  }
}

class Branches extends Module {
  branches: nn.ModuleList<nn.Sequential>;

  constructor(rng: Rng, fm: FeatureMap) {
    super();
    const stride = rng.chance(0.3) ? 2 : 1;
    const n = rng.int(2, 3);
    const blocks: nn.Sequential[] = [];
    let c = 0;
    let out: FeatureMap = fm;
    for (let i = 0; i < n; i++) {
      out = { ...fm };
      blocks.push(convBlock(rng, out, pickChannels(rng), { same: true, stride }));
      c += out.c;
    }
    this.branches = new nn.ModuleList(blocks);
    fm.c = c;
    fm.h = out.h;
    fm.w = out.w;
  }

  override forward(x: Tensor): Tensor {
    return F.cat([...this.branches].map((b) => b.call(x)), 1);
  }
}

/**
 * Token mixing over the flattened map: bmm, matmul or a general einsum
 * (`bij,bjk->bik`, costed by numpy's rounded optimiser), with the map's size
 * read as traced integers for the view back.
 */
class Mix extends Module {
  proj: nn.Conv2d;

  constructor(
    rng: Rng,
    fm: FeatureMap,
    private readonly how: 'bmm' | 'matmul' | 'einsum',
  ) {
    super();
    this.proj = new nn.Conv2d(fm.c, fm.c, 1, { bias: rng.chance(0.5) });
  }

  override forward(x: Tensor): Tensor {
    const b = x.size(0);
    const c = x.size(1);
    const h = x.size(2);
    const w = x.size(3);
    const t = F.flatten(this.proj.call(x), 2);
    const tt = F.transpose(t, 1, 2);
    let y: Tensor;
    if (this.how === 'bmm') y = F.bmm(t, F.softmax(F.bmm(tt, t), -1));
    else if (this.how === 'matmul') y = F.matmul(F.softmax(F.matmul(t, tt), -1), t);
    else y = F.einsum('bij,bjk->bik', t, F.softmax(F.einsum('bij,bjk->bik', tt, t), -1));
    return F.add(x, F.view(y, [b, c, h, w]));
  }
}

/** Linear over channels (channels last), with a LayerNorm: linear on a 4-D input. */
class ChannelMlp extends Module {
  norm: nn.LayerNorm;
  fc: nn.Linear;

  constructor(rng: Rng, fm: FeatureMap) {
    super();
    const outC = pickChannels(rng);
    this.norm = new nn.LayerNorm(fm.c, { elementwiseAffine: rng.chance(0.7) });
    this.fc = new nn.Linear(fm.c, outC, { bias: rng.chance(0.5) });
    fm.c = outC;
  }

  override forward(x: Tensor): Tensor {
    const y = this.fc.call(this.norm.call(F.permute(x, [0, 2, 3, 1])));
    return F.permute(y, [0, 3, 1, 2]);
  }
}

/** A bias from an MLP run on a parameter table: its cost is the same at every batch (like Swin v2's cpb_mlp). */
class PositionBias extends Module {
  table: Parameter;
  mlp: nn.Sequential;

  constructor(rng: Rng, fm: FeatureMap) {
    super();
    const rows = rng.int(2, 9);
    this.table = new Parameter([rows, 2]);
    const hidden = rng.int(3, 16);
    this.mlp = new nn.Sequential(new nn.Linear(2, hidden), new nn.ReLU(true), new nn.Linear(hidden, fm.c, { bias: false }));
  }

  override forward(x: Tensor): Tensor {
    const bias = F.sum(this.mlp.call(this.table), 0);
    return F.add(x, F.reshape(bias, [1, -1, 1, 1]));
  }
}

/** The root: the blocks, modules other blocks call, a head; maybe an unused module. */
class RandomNet extends Module {
  body: nn.Sequential;
  extras: nn.ModuleList;
  head: nn.Sequential;
  unused: nn.Linear | null = null;

  constructor(body: nn.Sequential, extras: nn.ModuleList, head: nn.Sequential, unused: boolean) {
    super();
    this.body = body;
    this.extras = extras;
    this.head = head;
    if (unused) this.unused = new nn.Linear(3, 5);
  }

  override forward(x: Tensor): Tensor {
    return this.head.call(this.body.call(x));
  }
}

/** A wrapper with one child: the table folds the chain. */
class Wrapper extends Module {
  constructor(readonly net: RandomNet) {
    super();
  }

  override forward(x: Tensor): Tensor {
    return this.net.call(x);
  }
}

export interface RandomModel {
  readonly seed: number;
  readonly model: Module;
  /** Without the batch. */
  readonly inputShape: readonly number[];
  /** The block kinds, in order (for messages). */
  readonly blocks: readonly string[];
}

const KINDS = [
  'conv',
  'conv',
  'residual',
  'residual',
  'sharedTwice',
  'sharedWeight',
  'direct',
  'cross',
  'borrow',
  'ephemeral',
  'stack',
  'branches',
  'pool',
  'adaptive',
  'upsample',
  'mix',
  'channelMlp',
  'positionBias',
  'identity',
  'dropout',
] as const;

/** The random model of `seed`. */
export function randomModel(seed: number): RandomModel {
  const rng = new Rng(seed);
  const inputShape = [rng.pick([1, 3, 4]), rng.int(8, 40), rng.int(8, 40)];
  const fm: FeatureMap = { c: inputShape[0]!, h: inputShape[1]!, w: inputShape[2]! };
  const blocks: Module[] = [];
  const kinds: string[] = [];
  const extras = new nn.ModuleList();
  // Blocks whose input and output have the same shape, by channels: what Borrow may register again.
  const sameShape: { c: number; m: TensorModule }[] = [];
  const count = rng.int(3, 9);
  for (let i = 0; i < count; i++) {
    let kind: string = rng.pick(KINDS);
    const hw = fm.h * fm.w;
    if (kind === 'mix' && hw > 400) kind = 'pool';
    if (kind === 'pool' && (fm.h < 2 || fm.w < 2)) kind = 'conv';
    if (kind === 'upsample' && hw > 1600) kind = 'conv';
    if (kind === 'borrow' && !sameShape.some((s) => s.c === fm.c)) kind = 'sharedTwice';
    kinds.push(kind);
    switch (kind) {
      case 'conv':
        blocks.push(convBlock(rng, fm, pickChannels(rng)));
        break;
      case 'residual':
        blocks.push(new Residual(rng, fm));
        break;
      case 'sharedTwice': {
        const b = new SharedTwice(rng, fm);
        sameShape.push({ c: fm.c, m: b });
        blocks.push(b);
        break;
      }
      case 'sharedWeight':
        blocks.push(new SharedWeight(rng, fm));
        break;
      case 'direct':
        blocks.push(new DirectForward(rng, fm));
        break;
      case 'cross': {
        const target = convBlock(rng, fm, fm.c, { same: true, stride: 1 });
        extras.append(target);
        blocks.push(new CrossCall(rng, target));
        break;
      }
      case 'borrow':
        blocks.push(new Borrow(rng.pick(sameShape.filter((s) => s.c === fm.c)).m));
        break;
      case 'ephemeral':
        blocks.push(new nn.Sequential(new Ephemeral(fm.c), new nn.ReLU()));
        break;
      case 'stack': {
        const b = new Stack(rng, fm);
        sameShape.push({ c: fm.c, m: b });
        blocks.push(b);
        break;
      }
      case 'branches':
        blocks.push(new Branches(rng, fm));
        break;
      case 'pool':
        if (rng.chance(0.5)) {
          blocks.push(new nn.MaxPool2d(2));
          fm.h = Math.floor(fm.h / 2);
          fm.w = Math.floor(fm.w / 2);
        } else if (rng.chance(0.5)) {
          blocks.push(new nn.MaxPool2d(3, { stride: 2, padding: 1 }));
          fm.h = Math.floor((fm.h - 1) / 2) + 1;
          fm.w = Math.floor((fm.w - 1) / 2) + 1;
        } else {
          blocks.push(new nn.AvgPool2d(2));
          fm.h = Math.floor(fm.h / 2);
          fm.w = Math.floor(fm.w / 2);
        }
        break;
      case 'adaptive': {
        const size = rng.int(1, Math.min(fm.h, fm.w));
        blocks.push(new nn.AdaptiveAvgPool2d(size));
        fm.h = size;
        fm.w = size;
        break;
      }
      case 'upsample':
        blocks.push(new nn.Upsample({ scaleFactor: 2, mode: rng.pick(['nearest', 'bilinear'] as const) }));
        fm.h *= 2;
        fm.w *= 2;
        break;
      case 'mix': {
        const how = rng.pick(['bmm', 'matmul', 'einsum'] as const);
        kinds[kinds.length - 1] = `mix:${how}`;
        blocks.push(new Mix(rng, fm, how));
        break;
      }
      case 'channelMlp':
        blocks.push(new ChannelMlp(rng, fm));
        break;
      case 'positionBias':
        blocks.push(new PositionBias(rng, fm));
        break;
      case 'identity':
        blocks.push(new nn.Identity());
        break;
      default:
        blocks.push(new nn.Dropout(0.1));
    }
  }
  // The head: pool to a fixed size (so a larger input fits), flatten, an MLP.
  const pooled = rng.int(1, Math.min(2, fm.h, fm.w));
  const features = fm.c * pooled * pooled;
  const hidden = rng.int(4, 64);
  const classes = rng.int(2, 20);
  const head = new nn.Sequential(
    new nn.AdaptiveAvgPool2d(pooled),
    new nn.Flatten(),
    ...(rng.chance(0.6) ? [new nn.Linear(features, hidden), new nn.ReLU(true), new nn.Dropout(0.2), new nn.Linear(hidden, classes)] : [new nn.Linear(features, classes)]),
  );
  const body = rng.chance(0.2) ? new nn.Sequential(new nn.Sequential(...blocks)) : new nn.Sequential(...blocks);
  const net = new RandomNet(body, extras, head, rng.chance(0.3));
  const model = rng.chance(0.2) ? new Wrapper(net) : net;
  return { seed, model, inputShape, blocks: kinds };
}
