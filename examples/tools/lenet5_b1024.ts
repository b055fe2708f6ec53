// DeepSpeed's own flops-profiler test model (tests/unit/profiling/
// flops_profiler/test_flops_profiler.py::LeNet5, built as LeNet5(10)), run at
// batch 1024: its test asserts 866,076,672 FLOPs, 426,516,480 MACs and
// 61,706 parameters. PyTorch source in ../shared/tools_ref/README.md.

import { F, Module, nn, type Tensor } from '../../index.js';

export class LeNet5 extends Module {
  feature_extractor: nn.Sequential;
  classifier: nn.Sequential;

  constructor(nClasses: number) {
    super();
    this.feature_extractor = new nn.Sequential(
      new nn.Conv2d(1, 6, 5, 1),
      new nn.Tanh(),
      new nn.AvgPool2d(2),
      new nn.Conv2d(6, 16, 5, 1),
      new nn.Tanh(),
      new nn.AvgPool2d(2),
      new nn.Conv2d(16, 120, 5, 1),
      new nn.Tanh(),
    );
    this.classifier = new nn.Sequential(new nn.Linear(120, 84), new nn.Tanh(), new nn.Linear(84, nClasses));
  }

  override forward(x: Tensor): [Tensor, Tensor] {
    const features = F.flatten(this.feature_extractor.call(x), 1);
    const logits = this.classifier.call(features);
    const probs = F.softmax(logits, 1);
    return [logits, probs];
  }
}

/** The test's input: a batch of 1024 single-channel 32x32 images. */
export const inputs = [[1024, 1, 32, 32]];
export default (): LeNet5 => new LeNet5(10).eval();
