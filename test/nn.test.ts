// Module behaviour and reprs, against PyTorch's.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Module, nn, Parameter, type Tensor } from '../index.js';
import sharedNet from '../examples/shared_net.js';

const t = suite('nn');

t('registration order, shared modules and deduplicated parameters', () => {
  const m = sharedNet();
  assert.equal([...m.namedModules()].map(([n]) => n), ['', 'proj', 'block', 'block.0', 'block.1', 'block.2', 'unused', 'direct']);
  assert.equal(
    [...m.namedModulesWithDuplicates()].map(([n]) => n),
    ['', 'proj', 'again', 'block', 'block.0', 'block.1', 'block.2', 'unused', 'direct'],
  );
  assert.equal([...m.namedParameters()].map(([n]) => n), [
    'proj.weight', 'proj.bias', 'block.0.weight', 'block.0.bias', 'block.2.weight', 'block.2.bias',
    'unused.weight', 'unused.bias', 'direct.weight', 'direct.bias',
  ]);
  assert.ok(m.again === m.proj);
});

t('parameters registered on the module come before children, buffers are not parameters', () => {
  class P extends Module {
    child = new nn.BatchNorm2d(4);
    w = new Parameter([2, 3]);
  }
  const m = new P();
  assert.equal([...m.namedParameters()].map(([n]) => n), ['w', 'child.weight', 'child.bias']);
  assert.equal([...m.namedBuffers()].map(([n]) => n), ['child.running_mean', 'child.running_var', 'child.num_batches_tracked']);
});

t('a new module trains; eval() and train() recurse', () => {
  const m = sharedNet();
  assert.ok(m.training && m.block.training);
  m.eval();
  assert.ok(!m.training && !m.block.training && !(m.block.at(0) as Module).training);
  m.train();
  assert.ok(m.block.training);
});

t("PyTorch's repr", () => {
  const seq = new nn.Sequential(
    new nn.Conv2d(3, 64, 7, { stride: 2, padding: 3, bias: false }),
    new nn.BatchNorm2d(64, { momentum: null }),
    new nn.ReLU(true),
    new nn.MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }),
    new nn.Flatten(),
    new nn.Dropout(0.2, true),
  );
  assert.is(
    seq.toString(),
    [
      'Sequential(',
      '  (0): Conv2d(3, 64, kernel_size=(7, 7), stride=(2, 2), padding=(3, 3), bias=False)',
      '  (1): BatchNorm2d(64, eps=1e-05, momentum=None, affine=True, track_running_stats=True)',
      '  (2): ReLU(inplace=True)',
      '  (3): MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=True)',
      '  (4): Flatten(start_dim=1, end_dim=-1)',
      '  (5): Dropout(p=0.2, inplace=True)',
      ')',
    ].join('\n'),
  );
});

t('layer reprs', () => {
  assert.is(new nn.Conv1d(4, 8, 5, { stride: 2, padding: 2 }).toString(), 'Conv1d(4, 8, kernel_size=(5,), stride=(2,), padding=(2,))');
  assert.is(
    new nn.ConvTranspose2d(16, 8, 4, { stride: 2, padding: 1, outputPadding: 1 }).toString(),
    'ConvTranspose2d(16, 8, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), output_padding=(1, 1))',
  );
  assert.is(new nn.Conv2d(8, 8, 3, { padding: 'same', groups: 8 }).toString(), 'Conv2d(8, 8, kernel_size=(3, 3), stride=(1, 1), padding=same, groups=8)');
  assert.is(new nn.LayerNorm([4, 8], { eps: 1e-6 }).toString(), 'LayerNorm((4, 8), eps=1e-06, elementwise_affine=True)');
  assert.is(new nn.GroupNorm(4, 8).toString(), 'GroupNorm(4, 8, eps=1e-05, affine=True)');
  assert.is(new nn.InstanceNorm1d(8).toString(), 'InstanceNorm1d(8, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)');
  assert.is(new nn.BatchNorm2d(8, { eps: 0.001, momentum: 0.01 }).toString(), 'BatchNorm2d(8, eps=0.001, momentum=0.01, affine=True, track_running_stats=True)');
  assert.is(new nn.AvgPool1d(3).toString(), 'AvgPool1d(kernel_size=(3,), stride=(3,), padding=(0,))');
  assert.is(new nn.AvgPool2d(2, { stride: 2 }).toString(), 'AvgPool2d(kernel_size=2, stride=2, padding=0)');
  assert.is(new nn.AdaptiveAvgPool2d([7, 7]).toString(), 'AdaptiveAvgPool2d(output_size=(7, 7))');
  assert.is(new nn.Upsample({ size: [8, 8], mode: 'bilinear' }).toString(), 'Upsample(size=(8, 8), mode=bilinear)');
  assert.is(new nn.Upsample({ scaleFactor: 2 }).toString(), 'Upsample(scale_factor=2.0, mode=nearest)');
  assert.is(new nn.GELU().toString(), "GELU(approximate='none')");
  assert.is(new nn.Hardswish(true).toString(), 'Hardswish()');
  assert.is(new nn.SiLU(true).toString(), 'SiLU(inplace=True)');
  assert.is(new nn.Softmax(-1).toString(), 'Softmax(dim=-1)');
  assert.is(new nn.Identity().toString(), 'Identity()');
  assert.is(new nn.Linear(3, 4, { bias: false }).toString(), 'Linear(in_features=3, out_features=4, bias=False)');
});

t('a module without bias registers the parameter as None (not counted)', () => {
  const c = new nn.Conv2d(3, 8, 3, { bias: false });
  assert.equal([...c.namedParameters()].map(([n]) => n), ['weight']);
  assert.ok(c._parameters.has('bias') && c._parameters.get('bias') === null);
});

t('calling forward directly runs no scope; call does', () => {
  class Outer extends Module {
    inner = new nn.Linear(4, 4);
    override forward(x: Tensor): Tensor {
      return this.inner.forward(x);
    }
  }
  const m = new Outer();
  // Shape inference works without any tracer installed.
  assert.equal(m.call(new nn.Tensor([2, 4])).shape, [2, 4]);
});

t.run();
