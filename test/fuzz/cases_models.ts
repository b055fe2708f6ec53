// Fuzz cases for models, module trees, inputs, counters and analysis: each
// bad input must end in one typed, one-line error naming what is wrong (the
// module path, the argument or op, the values), or, where PyTorch accepts
// it, in the exact right answer (derived by hand in the comments).

import type { OpNode, Tensor } from '../../index.js';
import { returns, throws, type ApiCase, type Library } from './case.js';

// ------------------------------------------------------------------ models

/** Linear(3, 3) called on x: 9 FLOPs on a [1,3] input, 12 parameters. */
function net(lib: Library) {
  class Net extends lib.Module {
    fc = new lib.nn.Linear(3, 3);
    override forward(x: Tensor): Tensor {
      return this.fc.call(x);
    }
  }
  return new Net();
}

/** A module whose forward is `body`, with a Linear(3, 3) child `fc`. */
function withForward(lib: Library, body: (self: { fc: InstanceType<Library['nn']['Linear']> }, ...xs: unknown[]) => unknown) {
  class Custom extends lib.Module {
    fc = new lib.nn.Linear(3, 3);
    override forward(x: unknown): unknown {
      return body(this, x);
    }
  }
  return new Custom();
}

/** `depth` modules, each holding the next as `inner`, around a Linear(1, 1); forward calls down the chain. */
function chain(lib: Library, depth: number) {
  class Wrap extends lib.Module {
    inner: InstanceType<Library['Module']> | undefined;
    override forward(x: Tensor): Tensor {
      return this.inner!.call(x) as Tensor;
    }
  }
  const leaf = new lib.nn.Linear(1, 1);
  let m: InstanceType<Library['Module']> = leaf;
  for (let i = 0; i < depth; i++) {
    const w = new Wrap();
    w.inner = m;
    m = w;
  }
  return { root: m, leaf };
}

/** A model that holds itself as a child (PyTorch: repr and train recurse until they fail). */
function selfChild(lib: Library) {
  const m = new lib.nn.Sequential(new lib.nn.Linear(2, 3));
  m.registerModule('a', m);
  return m;
}

/** root -> a -> b -> a: the cycle `a.b.a`. */
function abCycle(lib: Library) {
  const root = new lib.nn.Sequential();
  const a = new lib.nn.Sequential(new lib.nn.ReLU());
  const b = new lib.nn.Sequential(new lib.nn.ReLU());
  root.registerModule('a', a);
  a.registerModule('b', b);
  b.registerModule('a', a);
  return root;
}

/** An analyzer of Linear(3, 3) on [1, 3] whose linear counter is `handle`. */
function counted(lib: Library, handle: (node: OpNode) => unknown) {
  const fa = new lib.FlopAnalyzer(new lib.nn.Linear(3, 3), [new lib.Tensor([1, 3])]);
  fa.setOpHandle('aten::linear', handle as never);
  return fa.total();
}

/** A Map as comparable pairs (JSON has no Maps). */
const pairs = (m: ReadonlyMap<string, unknown>): [string, unknown][] => [...m];

// ------------------------------------------------------------------ cases

export const CASES: readonly ApiCase[] = [
  // Input specs that are not shapes.
  { name: 'models: input spec a number', kind: 'raw', run: (lib) => lib.analyze(net(lib), 5 as never), expect: throws('ArgumentError', 'analyze', 'input', 'got 5') },
  { name: 'models: input spec a string', kind: 'raw', run: (lib) => lib.analyze(net(lib), 'x' as never), expect: throws('ArgumentError', 'input', "got 'x'") },
  { name: 'models: input spec null', kind: 'raw', run: (lib) => lib.analyze(net(lib), null as never), expect: throws('ArgumentError', 'input', 'got null') },
  { name: 'models: input spec undefined', kind: 'raw', run: (lib) => lib.analyze(net(lib), undefined as never), expect: throws('ArgumentError', 'input', 'got undefined') },
  { name: 'models: input spec {}', kind: 'raw', run: (lib) => lib.analyze(net(lib), {} as never), expect: throws('ArgumentError', 'input', 'an object {}') },
  { name: 'models: input spec with an unknown key', kind: 'silent', run: (lib) => lib.analyze(net(lib), { inputs: [[1, 3]], batch: 4 } as never), expect: throws('ArgumentError', 'input', "'batch'") },
  { name: 'models: negative dim', kind: 'raw', run: (lib) => lib.analyze(net(lib), [3, -1]), expect: throws('ArgumentError', 'inputShape', 'positive integers', '[3,-1]') },
  { name: 'models: zero dim', kind: 'raw', run: (lib) => lib.analyze(net(lib), [3, 0]), expect: throws('ArgumentError', 'inputShape', '[3,0]') },
  { name: 'models: fractional dim', kind: 'raw', run: (lib) => lib.analyze(net(lib), [2.5]), expect: throws('ArgumentError', 'inputShape', '[2.5]') },
  { name: 'models: NaN and Infinity dims', kind: 'raw', run: (lib) => lib.analyze(net(lib), [NaN, Infinity]), expect: throws('ArgumentError', 'inputShape', '[NaN,Infinity]') },
  // eslint-disable-next-line no-sparse-arrays
  { name: 'models: a hole in a shape', kind: 'raw', run: (lib) => lib.analyze(net(lib), [3, , 3] as never), expect: throws('ArgumentError', 'inputShape', 'positive integers') },
  { name: 'models: a list of garbage', kind: 'raw', run: (lib) => lib.analyze(net(lib), [[3], 'a', {}] as never), expect: throws('ArgumentError', 'inputShape', "'a'") },
  { name: 'models: inputs null', kind: 'raw', run: (lib) => lib.analyze(net(lib), { inputs: null } as never), expect: throws('ArgumentError', 'inputs', 'got null') },
  { name: 'models: inputs empty', kind: 'raw', run: (lib) => lib.analyze(net(lib), { inputs: [] }), expect: throws('ArgumentError', 'inputs', 'at least one') },
  // ('x' would be a size name: a symbolic analysis; '3x' is no name.)
  // Symbolic sizes (issue 14): Linear(3, 3) on [B, 3] is 9*B FLOPs; bad names, constraints, points and options are one typed error.
  { name: 'symbolic: [B, 3] at B = 5', kind: 'raw', run: (lib) => lib.analyze(net(lib), ['B', 3]).at({ B: 5 }).flops, expect: returns(45n) },
  { name: 'symbolic: a size name that is no name', kind: 'raw', run: (lib) => lib.analyze(net(lib), ['1B', 3]), expect: throws('ArgumentError', 'inputs', "'1B'", 'size names') },
  { name: 'symbolic: NaN beside a name', kind: 'raw', run: (lib) => lib.analyze(net(lib), ['B', NaN]), expect: throws('ArgumentError', 'inputs', 'whole numbers') },
  { name: 'symbolic: an empty constraint', kind: 'raw', run: (lib) => lib.analyze(net(lib), ['B', 3], { where: 'B=' }), expect: throws('ArgumentError', 'where', "'B='") },
  { name: 'symbolic: a constraint that is no string', kind: 'raw', run: (lib) => lib.analyze(net(lib), ['B', 3], { where: 42 } as never), expect: throws('ArgumentError', 'where', '42') },
  { name: 'symbolic: options null', kind: 'raw', run: (lib) => lib.analyze(net(lib), ['B', 3], null as never), expect: throws('ArgumentError', 'options', 'null') },
  { name: 'symbolic: at() of nothing', kind: 'raw', run: (lib) => lib.analyze(net(lib), ['B', 3]).at(null as never), expect: throws('ArgumentError', 'at', 'values', 'null') },
  { name: 'symbolic: at() below the least value', kind: 'raw', run: (lib) => lib.analyze(net(lib), ['B', 3]).at({ B: 0 }), expect: throws('SymbolicError', 'B = 0', 'least value 1') },
  { name: 'symbolic: at() with a fraction', kind: 'raw', run: (lib) => lib.analyze(net(lib), ['B', 3]).at({ B: 1.5 }), expect: throws('SymbolicError', 'B = 1.5', 'whole') },
  { name: 'symbolic: at() with a string', kind: 'raw', run: (lib) => lib.analyze(net(lib), ['B', 3]).at({ B: 'two' } as never), expect: throws('SymbolicError', 'B = two', 'whole') },
  // A symbolic feature count is never the layer's 3: the layer's own ShapeError, with the size's name.
  { name: 'symbolic: a size where a feature count must be concrete', kind: 'raw', run: (lib) => lib.analyze(net(lib), ['B', 'C']), expect: throws('ShapeError', 'fc (Linear)', 'expected 3 input features, got C') },
  { name: 'models: inputs with a string dim', kind: 'raw', run: (lib) => lib.analyze(net(lib), { inputs: [[1, 3], [1, '3x']] } as never), expect: throws('ArgumentError', 'inputs', "[1,'3x']") },
  { name: 'models: a tensor input with a negative size', kind: 'raw', run: (lib) => lib.analyze(net(lib), { inputs: [new lib.Tensor([1, -3])] }), expect: throws('ArgumentError', 'Tensor', 'shape', '[1,-3]') },
  { name: 'models: options null', kind: 'raw', run: (lib) => lib.analyze(net(lib), [3], null as never), expect: throws('ArgumentError', 'options', 'null') },
  { name: 'models: tableDepth -1', kind: 'silent', run: (lib) => lib.analyze(net(lib), [3], { tableDepth: -1 }), expect: throws('ArgumentError', 'tableDepth', '-1') },
  { name: 'models: tableDepth NaN', kind: 'silent', run: (lib) => lib.analyze(net(lib), [3], { tableDepth: NaN }), expect: throws('ArgumentError', 'tableDepth', 'NaN') },

  // Models that are not Module instances.
  { name: 'models: a plain object as the model', kind: 'raw', run: (lib) => lib.analyze({} as never, [3]), expect: throws('ArgumentError', 'analyze', 'model', 'Module instance', 'an object {}') },
  { name: 'models: null as the model', kind: 'raw', run: (lib) => lib.analyze(null as never, [3]), expect: throws('ArgumentError', 'model', 'got null') },
  { name: 'models: a class instead of an instance', kind: 'raw', run: (lib) => lib.analyze(lib.nn.Linear as never, [3]), expect: throws('ArgumentError', 'model', 'the class Linear', 'new Linear') },
  { name: 'models: parameterCount of a non-module', kind: 'raw', run: (lib) => lib.parameterCount(5 as never), expect: throws('ArgumentError', 'parameterCount', 'model', 'got 5') },
  { name: 'models: FlopAnalyzer with shapes for inputs', kind: 'raw', run: (lib) => new lib.FlopAnalyzer(net(lib), [1, 3] as never).total(), expect: throws('ArgumentError', 'FlopAnalyzer', 'inputs', 'Tensor') },

  // Containers of things that are not modules.
  { name: 'models: Sequential(5)', kind: 'raw', run: (lib) => new lib.nn.Sequential(5 as never), expect: throws('ArgumentError', 'Sequential', "module '0'", 'Module or null', 'got 5') },
  { name: 'models: ModuleList([1, 2])', kind: 'raw', run: (lib) => new lib.nn.ModuleList([1, 2] as never), expect: throws('ArgumentError', 'ModuleList', "module '0'", 'got 1') },
  { name: 'models: ModuleList(5)', kind: 'raw', run: (lib) => new lib.nn.ModuleList(5 as never), expect: throws('ArgumentError', 'ModuleList', 'iterable', 'got 5') },
  { name: 'models: ModuleDict of a non-module', kind: 'raw', run: (lib) => new lib.nn.ModuleDict({ a: 1 } as never), expect: throws('ArgumentError', 'ModuleDict', "module 'a'", 'got 1') },
  { name: 'models: ModuleDict(5)', kind: 'silent', run: (lib) => new lib.nn.ModuleDict(5 as never), expect: throws('ArgumentError', 'ModuleDict', 'modules', 'got 5') },
  { name: "models: ModuleDict key 'keys' (an attribute)", kind: 'raw', run: (lib) => new lib.nn.ModuleDict({ keys: new lib.nn.ReLU() }), expect: throws('ArgumentError', "attribute 'keys' already exists") },
  // PyTorch: Sequential(None) is a None entry; calling it fails ('NoneType' object is not callable).
  { name: 'models: Sequential with a None entry is not callable', kind: 'silent', run: (lib) => lib.analyze(new lib.nn.Sequential(new lib.nn.Linear(3, 3), null), [3]), expect: throws('ArgumentError', 'Sequential', "child '1'", 'not callable') },

  // Names a module cannot register.
  {
    name: "models: a child named 'forward' by assignment",
    kind: 'raw',
    run: (lib) => {
      class Net extends lib.Module {
        constructor() {
          super();
          (this as unknown as Record<string, unknown>).forward = new lib.nn.ReLU();
        }
      }
      return new Net();
    },
    expect: throws('ArgumentError', 'Net', "attribute 'forward' already exists"),
  },
  { name: "models: registerModule('call')", kind: 'raw', run: (lib) => new lib.Module().registerModule('call', new lib.nn.ReLU()), expect: throws('ArgumentError', "attribute 'call' already exists") },
  { name: 'models: a dotted name by assignment', kind: 'raw', run: (lib) => ((new lib.Module() as unknown as Record<string, unknown>)['a.b'] = new lib.nn.ReLU()), expect: throws('ArgumentError', 'module name', `can't contain "."`, "'a.b'") },
  { name: 'models: registerModule with an empty name', kind: 'raw', run: (lib) => new lib.Module().registerModule('', new lib.nn.ReLU()), expect: throws('ArgumentError', 'module name', "can't be empty") },
  { name: 'models: registerModule with a number for a name', kind: 'raw', run: (lib) => new lib.Module().registerModule(5 as never, new lib.nn.ReLU()), expect: throws('ArgumentError', 'module name', 'a string', 'got 5') },
  { name: 'models: registerParameter of a number', kind: 'raw', run: (lib) => new lib.Module().registerParameter('w', 5 as never), expect: throws('ArgumentError', "parameter 'w'", 'Parameter or null', 'got 5') },

  // Zoo names every object inherits.
  { name: "models: zoo name 'constructor'", kind: 'raw', run: (lib) => lib.buildModel('constructor'), expect: throws('UnknownNameError', "unknown model 'constructor'", 'resnet50') },
  { name: "models: zoo name '__proto__'", kind: 'raw', run: (lib) => lib.buildModel('__proto__'), expect: throws('UnknownNameError', "unknown model '__proto__'") },
  { name: "models: zoo entry 'toString'", kind: 'silent', run: (lib) => lib.models.zooEntry('toString'), expect: throws('UnknownNameError', "unknown model 'toString'") },
  { name: "models: zoo name 'hasOwnProperty'", kind: 'raw', run: (lib) => lib.buildModel('hasOwnProperty'), expect: throws('UnknownNameError', "unknown model 'hasOwnProperty'") },

  // Cycles: an error naming the cycle where PyTorch recurses forever; the
  // answer where PyTorch's walk ends (named_modules, named_parameters).
  { name: 'models: analyze a module that is its own child', kind: 'hang', run: (lib) => lib.analyze(selfChild(lib), [2]), expect: throws('ArgumentError', 'Sequential', 'submodule', "'a' is the model itself again", 'cycle') },
  { name: 'models: analyze a -> b -> a', kind: 'hang', run: (lib) => lib.analyze(abCycle(lib), [2]), expect: throws('ArgumentError', "'a.b.a' is 'a' again", 'cycle') },
  { name: 'models: repr of a -> b -> a', kind: 'hang', run: (lib) => String(abCycle(lib)), expect: throws('ArgumentError', "'a.b.a' is 'a' again", 'cycle') },
  { name: 'models: eval() of a module that is its own child', kind: 'hang', run: (lib) => selfChild(lib).eval(), expect: throws('ArgumentError', 'submodule', "'a'", 'cycle') },
  // named_modules: '' and '0' (the repeat of the root is skipped); parameters of Linear(2, 3): 6 + 3.
  {
    name: 'models: names and parameter counts of a module that is its own child',
    kind: 'hang',
    run: (lib) => {
      const m = selfChild(lib);
      return { names: m.namedModules().map(([n]) => n), counts: pairs(lib.parameterCount(m)) };
    },
    expect: returns({ names: ['', '0'], counts: [['', 9n], ['0', 9n], ['0.weight', 6n], ['0.bias', 3n]] }),
  },
  {
    name: 'models: 2^30 paths through shared modules',
    kind: 'hang',
    run: (lib) => {
      // Each level registers the next twice: named_modules with repeats has 2^30 paths.
      let m: InstanceType<Library['Module']> = new lib.nn.Linear(1, 1);
      for (let i = 0; i < 30; i++) {
        const s = new lib.nn.Sequential();
        s.registerModule('a', m);
        s.registerModule('b', m);
        m = s;
      }
      return lib.analyze(m, [1]);
    },
    expect: throws('ArgumentError', 'Sequential', 'module paths'),
  },
  {
    name: 'models: parameter count of 2^30 paths through shared modules',
    kind: 'hang',
    run: (lib) => {
      let m: InstanceType<Library['Module']> = new lib.nn.Linear(1, 1);
      for (let i = 0; i < 30; i++) {
        const s = new lib.nn.Sequential();
        s.registerModule('a', m);
        s.registerModule('b', m);
        m = s;
      }
      // One Linear(1, 1): weight 1 + bias 1, under its first name a.a....a (30 steps).
      return { total: lib.parameterCount(m).get(''), modules: m.namedModules().length };
    },
    expect: returns({ total: 2n, modules: 31 }),
  },

  // Deep nesting: walks are iterative.
  {
    name: 'models: a 100,000-deep chain: parameter counts and names',
    kind: 'hang',
    run: (lib) => {
      const { root } = chain(lib, 100_000);
      const counts = lib.parameterCount(root);
      const names = root.namedModules();
      // Linear(1, 1): 2 parameters, under the 100,000 Wraps; 100,001 modules;
      // the leaf is 'inner' 100,000 times joined by '.'.
      return { total: counts.get(''), modules: names.length, leafName: names[names.length - 1]![0].length, params: root.parameters().length };
    },
    expect: returns({ total: 2n, modules: 100_001, leafName: 100_000 * 6 - 1, params: 2 }),
  },
  {
    name: 'models: a 100,000-deep chain analysed through its leaf',
    kind: 'hang',
    run: (lib) => {
      const { root, leaf } = chain(lib, 100_000);
      class Outer extends lib.Module {
        override forward(x: Tensor): Tensor {
          return leaf.call(x);
        }
      }
      const outer = new Outer();
      outer.registerModule('c', root);
      outer.eval();
      const r = lib.analyze(outer, [1]);
      // Linear(1, 1) on [1, 1]: 1 FLOP, 1 activation, 2 parameters. The table
      // folds the chain into one row named 'c' + '.inner' x 100,000 (600,001
      // characters), then ' weight' and ' bias': 7 lines (3 rules, the header,
      // 3 rows) of 600,001 + 3 + 23 + 9 + 15 + 1 characters, with a line break
      // before, between and after them.
      return { flops: r.flops, acts: r.activations, params: r.params, training: leaf.training, table: r.outTable.length, row: r.outTable.split('\n')[4]!.slice(0, 16) };
    },
    expect: returns({ flops: 1n, acts: 1n, params: 2n, training: false, table: 7 * 600_052 + 8, row: '| c.inner.inner.' }),
  },
  {
    name: 'models: the architecture view of a 100,000-deep chain',
    kind: 'hang',
    run: (lib) => {
      const { root, leaf } = chain(lib, 100_000);
      class Outer extends lib.Module {
        override forward(x: Tensor): Tensor {
          return leaf.call(x);
        }
      }
      const outer = new Outer();
      outer.registerModule('c', root);
      // Each of its 200,003 lines is indented by its depth: some 2 * 10^10 characters.
      return lib.analyze(outer, [1]).outArch.length;
    },
    expect: throws('ArgumentError', 'Outer (arch view)', 'JavaScript string'),
  },
  {
    name: 'models: parameter count table of a 100,000-deep chain',
    kind: 'hang',
    // Down to depth 3, as for any chain 3 deep or more: the model, then
    // inner, inner.inner and inner.inner.inner, each holding the 2 parameters.
    run: (lib) => lib.parameterCountTable(chain(lib, 100_000).root),
    expect: returns(
      [
        '           parameter count of Wrap           ',
        '+----------------------+--------------------+',
        '| name                 | #elements or shape |',
        '+----------------------+--------------------+',
        '| model                | 2                  |',
        '|  inner               |  2                 |',
        '|   inner.inner        |   2                |',
        '|    inner.inner.inner |    2               |',
        '+----------------------+--------------------+',
        '',
      ].join('\n'),
    ),
  },
  {
    name: 'models: repr of a 3,000-deep chain',
    kind: 'hang',
    // Lines: 'Wrap(' (5), then at depth d = 1..2999 '  '*d + '(inner): Wrap(' (2d + 14),
    // the leaf '  '*3000 + '(inner): Linear(in_features=1, out_features=1, bias=True)'
    // (6000 + 9 + 48), and a ')' at each depth 0..2999 (2d + 1); 6,000 line breaks:
    // 5 + (8,997,000 + 41,986) + 6,057 + 9,000,000 + 6,000.
    run: (lib) => String(chain(lib, 3000).root).length,
    expect: returns(18_051_048),
  },
  { name: 'models: repr of a 100,000-deep chain', kind: 'hang', run: (lib) => String(chain(lib, 100_000).root).length, expect: throws('ArgumentError', 'Wrap', 'repr', 'fits in a JavaScript string') },
  { name: 'models: forward recursing 100,000 modules deep', kind: 'hang', run: (lib) => lib.analyze(chain(lib, 100_000).root, [1]), expect: throws('ArgumentError', 'inner.inner', '(Wrap)', 'nesting of module calls', 'stack overflow at depth') },

  // Shared modules and None children: PyTorch's answers.
  {
    name: 'models: one module under two names',
    kind: 'silent',
    run: (lib) => {
      const lin = new lib.nn.Linear(4, 4);
      class Twice extends lib.Module {
        a = lin;
        b = lin;
        override forward(x: Tensor): Tensor {
          return this.b.call(this.a.call(x));
        }
      }
      const m = new Twice();
      const r = lib.analyze(m, [4]);
      // Two calls of Linear(4, 4) on [1, 4]: 16 FLOPs and 4 activations each,
      // both charged to 'a' (its first name); 16 + 4 parameters, counted once.
      return { flops: r.flops, acts: r.activations, params: r.params, names: m.namedModules().map(([n]) => n), all: m.namedModulesWithDuplicates().map(([n]) => n), byModule: pairs(r.flopAnalyzer.byModule()) };
    },
    expect: returns({ flops: 32n, acts: 8n, params: 20n, names: ['', 'a'], all: ['', 'a', 'b'], byModule: [['', 32n], ['a', 32n]] }),
  },
  {
    name: 'models: a None child',
    kind: 'silent',
    run: (lib) => {
      const m = net(lib);
      m.registerModule('skip', null);
      const r = lib.analyze(m, [3]);
      return { flops: r.flops, params: r.params, repr: String(m) };
    },
    expect: returns({ flops: 9n, params: 12n, repr: 'Net(\n  (fc): Linear(in_features=3, out_features=3, bias=True)\n  (skip): None\n)' }),
  },

  // Forward calls: inputs, results.
  { name: 'models: more inputs than forward takes', kind: 'silent', run: (lib) => lib.analyze(net(lib), [[3], [3]]), expect: throws('ArgumentError', 'Net', 'inputs', 'at most 1', '2 were given') },
  {
    name: 'models: a submodule called with an extra input',
    kind: 'silent',
    run: (lib) => lib.analyze(withForward(lib, (self, x) => (self.fc.call as (...a: unknown[]) => unknown)(x, x)), [3]),
    expect: throws('ArgumentError', 'fc (Linear)', 'at most 1', '2 were given'),
  },
  {
    name: 'models: a forward with a default parameter, given fewer and more inputs',
    kind: 'silent',
    run: (lib) => {
      class Scaled extends lib.Module {
        fc = new lib.nn.Linear(3, 3);
        override forward(x: Tensor, y: Tensor | null = null): Tensor {
          return this.fc.call(y ?? x);
        }
      }
      // One input and two inputs are fine (9 FLOPs each); three are one too many.
      const one = lib.analyze(new Scaled(), [3]).flops;
      const two = lib.analyze(new Scaled(), [[3], [3]]).flops;
      let three = '';
      try {
        lib.analyze(new Scaled(), [[3], [3], [3]]);
      } catch (e) {
        three = (e as Error).message.includes('at most 2') ? 'error' : (e as Error).message;
      }
      return { one, two, three };
    },
    expect: returns({ one: 9n, two: 9n, three: 'error' }),
  },
  {
    name: 'models: rest parameters and arguments take any number of inputs',
    kind: 'silent',
    run: (lib) => {
      class Rest extends lib.Module {
        fc = new lib.nn.Linear(3, 3);
        override forward(...xs: Tensor[]): Tensor {
          return this.fc.call(xs[xs.length - 1]!);
        }
      }
      class Args extends lib.Module {
        fc = new lib.nn.Linear(3, 3);
        override forward(): Tensor {
          // eslint-disable-next-line prefer-rest-params
          return this.fc.call(arguments[1] as Tensor);
        }
      }
      return [lib.analyze(new Rest(), [[3], [3], [3]]).flops, lib.analyze(new Args(), [[3], [3]]).flops];
    },
    expect: returns([9n, 9n]),
  },
  {
    name: 'models: an async forward',
    kind: 'silent',
    run: (lib) => {
      class Later extends lib.Module {
        fc = new lib.nn.Linear(3, 3);
        override async forward(x: Tensor): Promise<Tensor> {
          return this.fc.call(x);
        }
      }
      return lib.analyze(new Later(), [3]).flops;
    },
    expect: throws('ArgumentError', 'Later', 'forward', 'async'),
  },
  {
    name: 'models: an async forward in a submodule',
    kind: 'silent',
    run: (lib) => {
      class Later extends lib.Module {
        override async forward(x: Tensor): Promise<Tensor> {
          return x;
        }
      }
      class Outer extends lib.Module {
        inner = new Later();
        override forward(x: Tensor): unknown {
          return this.inner.call(x);
        }
      }
      return lib.analyze(new Outer(), [3]).flops;
    },
    expect: throws('ArgumentError', 'inner (Later)', 'async'),
  },
  { name: 'models: a forward returning a number', kind: 'silent', run: (lib) => lib.analyze(withForward(lib, () => 5), [3]), expect: throws('ArgumentError', 'Custom', 'forward output', 'got 5') },
  { name: 'models: a forward returning nothing', kind: 'silent', run: (lib) => lib.analyze(withForward(lib, () => undefined), [3]), expect: throws('ArgumentError', 'forward output', 'got undefined') },
  { name: 'models: a forward returning a module', kind: 'silent', run: (lib) => lib.analyze(withForward(lib, (self) => self.fc), [3]), expect: throws('ArgumentError', 'forward output', 'a Linear module') },
  {
    name: 'models: an output nested 50 deep',
    kind: 'silent',
    run: (lib) =>
      lib.analyze(
        withForward(lib, (self, x) => {
          let out: unknown = self.fc.call(x as Tensor);
          for (let i = 0; i < 50; i++) out = [out];
          return out;
        }),
        [3],
      ).flops,
    expect: returns(9n),
  },
  {
    name: 'models: a forward that replaces the trace sink',
    kind: 'silent',
    run: (lib) =>
      lib.analyze(
        withForward(lib, (self, x) => {
          lib.setTraceSink(null);
          return self.fc.call(x as Tensor);
        }),
        [3],
      ).flops,
    expect: throws('ArgumentError', 'Custom', 'trace sink', 'restored'),
  },
  {
    name: 'models: an error inside a submodule names its path',
    kind: 'raw',
    run: (lib) => {
      class Pick extends lib.Module {
        heads = new lib.nn.ModuleDict({ a: new lib.nn.Linear(3, 3) });
        override forward(x: Tensor): Tensor {
          return this.heads.get('b').call(x) as Tensor;
        }
      }
      class Outer extends lib.Module {
        pick = new Pick();
        override forward(x: Tensor): Tensor {
          return this.pick.call(x);
        }
      }
      return lib.analyze(new Outer(), [3]);
    },
    expect: throws('UnknownNameError', 'pick (Pick)', "ModuleDict key 'b'", 'known: a'),
  },
  { name: 'models: getSubmodule of a number', kind: 'raw', run: (lib) => net(lib).getSubmodule(5 as never), expect: throws('ArgumentError', 'target', 'a string', 'got 5') },
  { name: "models: train('yes')", kind: 'silent', run: (lib) => net(lib).train('yes' as never), expect: throws('ArgumentError', 'Net', 'mode', 'a boolean') },
  {
    name: 'models: extraRepr returning a number',
    kind: 'raw',
    run: (lib) => {
      class Odd extends lib.nn.Linear {
        override extraRepr(): string {
          return 42 as never;
        }
      }
      class Outer extends lib.Module {
        odd = new Odd(3, 3);
        override forward(x: Tensor): Tensor {
          return this.odd.call(x);
        }
      }
      return lib.analyze(new Outer(), [3]);
    },
    expect: throws('ArgumentError', 'odd (Odd)', 'extraRepr()', 'a string', 'got 42'),
  },

  // Views and analyzers given what is not a report, a trace or an analyzer.
  { name: 'models: tableView(null)', kind: 'raw', run: (lib) => lib.tableView(null as never), expect: throws('ArgumentError', 'table view', 'report', 'got null') },
  { name: 'models: jsonView of a plain object', kind: 'raw', run: (lib) => lib.jsonView({} as never), expect: throws('ArgumentError', 'jsonView', 'report', 'an object {}') },
  { name: 'models: archView with a string for activations', kind: 'raw', run: (lib) => lib.archView(lib.analyze(net(lib), [3]).report, { activations: 'yes' as never }), expect: throws('ArgumentError', 'archView', 'options') },
  { name: 'models: tableView with maxDepth NaN', kind: 'silent', run: (lib) => lib.tableView(lib.analyze(net(lib), [3]).report, { maxDepth: NaN }), expect: throws('ArgumentError', 'tableView', 'maxDepth', 'NaN') },
  { name: 'models: FlopAnalyzer.fromTrace(null)', kind: 'raw', run: (lib) => lib.FlopAnalyzer.fromTrace(null as never), expect: throws('ArgumentError', 'FlopAnalyzer.fromTrace', 'trace', 'got null') },
  { name: 'models: shareTraceIndexes with a number', kind: 'raw', run: (lib) => lib.ActivationAnalyzer.fromTrace(lib.traceModel(net(lib), [new lib.Tensor([1, 3])])).shareTraceIndexes(5 as never), expect: throws('ArgumentError', 'other', 'an analyzer', 'got 5') },
  { name: 'models: parameterCountTable with depth -1', kind: 'silent', run: (lib) => lib.parameterCountTable(net(lib), -1), expect: throws('ArgumentError', 'parameterCountTable', 'maxDepth', '-1') },
  { name: 'models: traceModel with shapes for inputs', kind: 'raw', run: (lib) => lib.traceModel(net(lib), [[1, 3]] as never), expect: throws('ArgumentError', 'Net', 'inputs', 'a list of Tensors') },

  // Counters returning what is not a whole count.
  { name: 'models: counter returns a negative number', kind: 'silent', run: (lib) => counted(lib, () => -5), expect: throws('CounterError', 'aten::linear', 'returned -5', 'inputs [1,3], [3,3], [3]') },
  { name: 'models: counter returns NaN', kind: 'silent', run: (lib) => counted(lib, () => NaN), expect: throws('CounterError', 'aten::linear', 'NaN') },
  { name: 'models: counter returns Infinity', kind: 'silent', run: (lib) => counted(lib, () => Infinity), expect: throws('CounterError', 'aten::linear', 'Infinity') },
  { name: 'models: counter returns a fraction', kind: 'silent', run: (lib) => counted(lib, () => 1.5), expect: throws('CounterError', 'aten::linear', '1.5', 'whole numbers') },
  { name: 'models: counter returns undefined', kind: 'silent', run: (lib) => counted(lib, () => undefined), expect: throws('CounterError', 'aten::linear', 'returned undefined') },
  { name: 'models: counter returns null', kind: 'silent', run: (lib) => counted(lib, () => null), expect: throws('CounterError', 'aten::linear', 'returned null') },
  { name: 'models: counter returns an array', kind: 'silent', run: (lib) => counted(lib, () => [1, 2]), expect: throws('CounterError', 'aten::linear', '[1,2]') },
  { name: 'models: counter returns a string', kind: 'silent', run: (lib) => counted(lib, () => '7'), expect: throws('CounterError', 'aten::linear', "'7'") },
  { name: 'models: counter returns a negative bigint', kind: 'silent', run: (lib) => counted(lib, () => -1n), expect: throws('CounterError', 'aten::linear', '-1') },
  { name: 'models: counter returns an object with a bad count', kind: 'silent', run: (lib) => counted(lib, () => ({ mul: 3, add: -1 })), expect: throws('CounterError', 'aten::linear', "'add': -1") },
  { name: 'models: counter returns a Promise', kind: 'silent', run: (lib) => counted(lib, async () => 5), expect: throws('CounterError', 'aten::linear', 'a Promise') },
  { name: 'models: counter returns a FloatCount of a number', kind: 'silent', run: (lib) => counted(lib, () => new lib.FloatCount(2.5 as never)), expect: throws('CounterError', 'aten::linear', 'FloatCount of 2.5') },
  // Valid: 0 counts nothing; bigints and named counts add up (3 + 4).
  { name: 'models: counter returns 0, a bigint, named counts', kind: 'silent', run: (lib) => [counted(lib, () => 0), counted(lib, () => 2n ** 60n), counted(lib, () => ({ mul: 3, add: 4n }))], expect: returns([0n, 2n ** 60n, 7n]) },
  { name: 'models: setOpHandle with a number', kind: 'raw', run: (lib) => new lib.FlopAnalyzer(net(lib), [new lib.Tensor([1, 3])]).setOpHandle('aten::linear', 5 as never), expect: throws('ArgumentError', 'setOpHandle', 'aten::linear', 'got 5') },
  { name: 'models: total of an unknown module', kind: 'raw', run: (lib) => new lib.FlopAnalyzer(net(lib), [new lib.Tensor([1, 3])]).total('nope'), expect: throws('UnknownNameError', "unknown module 'nope'", 'known: fc') },
  {
    name: 'models: a counter that writes to its node',
    kind: 'silent',
    run: (lib) => counted(lib, (node) => {
      (node.outputs[0] as number[]).push(7);
      return 1;
    }),
    expect: throws('CounterError', 'aten::linear', 'read-only view'),
  },
  {
    name: 'models: a counter that writes to its node leaves the trace and the model as they were',
    kind: 'silent',
    run: (lib) => {
      const m = net(lib);
      const r = lib.analyze(m, [3]);
      const fa = lib.FlopAnalyzer.fromTrace(r.flopAnalyzer.trace);
      fa.setOpHandle('aten::linear', (node) => {
        for (const write of [() => (node.outputs[0] as number[]).push(7), () => (node.arg('weight') as number[]).push(7), () => ((node.args as Record<string, unknown>).input = null), () => (node.scopes as string[]).push('x')]) {
          try {
            write();
          } catch {
            // read-only
          }
        }
        return 1;
      });
      const again = lib.analyze(m, [3]);
      // The default counters on the same trace, and a new analysis, see Linear(3, 3) unchanged: 9 FLOPs, 12 parameters.
      return { custom: fa.total(), shared: r.flopAnalyzer.total(), weight: [...m.fc.weight.shape], output: r.flopAnalyzer.trace.nodes[0]!.outputs, again: again.flops, params: again.params };
    },
    expect: returns({ custom: 1n, shared: 9n, weight: [3, 3], output: [[1, 3]], again: 9n, params: 12n }),
  },
];
