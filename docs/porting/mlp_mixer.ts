// An MLP-Mixer, after the paper's Flax code and timm's MixerBlock: token mixing across patches, then channel mixing.
import { Module, nn, type Tensor } from 'flopscope';

class MlpBlock extends Module {
  fc1: nn.Linear;
  act: nn.GELU;
  fc2: nn.Linear;

  constructor(dim: number, hidden: number) {
    super();
    this.fc1 = new nn.Linear(dim, hidden);
    this.act = new nn.GELU();
    this.fc2 = new nn.Linear(hidden, dim);
  }

  override forward(x: Tensor): Tensor {
    return this.fc2.call(this.act.call(this.fc1.call(x)));
  }
}

class MixerBlock extends Module {
  norm1: nn.LayerNorm;
  mlp_tokens: MlpBlock;
  norm2: nn.LayerNorm;
  mlp_channels: MlpBlock;

  constructor(numPatches: number, dim: number, tokensHidden: number, channelsHidden: number) {
    super();
    this.norm1 = new nn.LayerNorm(dim, { eps: 1e-6 });
    this.mlp_tokens = new MlpBlock(numPatches, tokensHidden);
    this.norm2 = new nn.LayerNorm(dim, { eps: 1e-6 });
    this.mlp_channels = new MlpBlock(dim, channelsHidden);
  }

  override forward(x: Tensor): Tensor {
    // x = x + self.mlp_tokens(self.norm1(x).transpose(1, 2)).transpose(1, 2)
    x = x.add(this.mlp_tokens.call(this.norm1.call(x).transpose(1, 2)).transpose(1, 2));
    return x.add(this.mlp_channels.call(this.norm2.call(x)));
  }
}

export class MlpMixer extends Module {
  stem: nn.Conv2d;
  blocks: nn.Sequential;
  norm: nn.LayerNorm;
  head: nn.Linear;

  constructor(imageSize = 224, patch = 16, dim = 512, depth = 8, numClasses = 1000) {
    super();
    const numPatches = (imageSize / patch) ** 2;
    this.stem = new nn.Conv2d(3, dim, patch, patch); // positional: kernel_size, stride
    this.blocks = new nn.Sequential(...Array.from({ length: depth }, () => new MixerBlock(numPatches, dim, dim / 2, dim * 4)));
    this.norm = new nn.LayerNorm(dim, { eps: 1e-6 });
    this.head = new nn.Linear(dim, numClasses);
  }

  override forward(x: Tensor): Tensor {
    // self.stem(x).flatten(2).transpose(1, 2): (B, C, H, W) -> (B, H*W, C)
    const tokens = this.stem.call(x).flatten(2).transpose(1, 2);
    const y = this.norm.call(this.blocks.call(tokens));
    return this.head.call(y.mean(1));
  }
}

export default (): MlpMixer => new MlpMixer().eval();
export const inputShape = [3, 224, 224];
