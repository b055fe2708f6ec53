// RMSNorm and a SwiGLU feed-forward, after Meta's LLaMA model.py (RMSNorm, FeedForward).
import { F, Module, nn, Parameter, type Tensor } from 'flopscope';

export class RMSNorm extends Module {
  weight: Parameter;

  constructor(dim: number, readonly eps = 1e-6) {
    super();
    this.weight = new Parameter([dim]); // nn.Parameter(torch.ones(dim))
  }

  private norm(x: Tensor): Tensor {
    // x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
    return x.mul(x.pow(2).mean(-1, true).add(this.eps).rsqrt());
  }

  override forward(x: Tensor): Tensor {
    // self._norm(x.float()).type_as(x) * self.weight
    return this.norm(x.float()).to(x.dtype).mul(this.weight);
  }
}

class FeedForward extends Module {
  w1: nn.Linear;
  w2: nn.Linear;
  w3: nn.Linear;

  constructor(dim: number, hiddenDim: number) {
    super();
    this.w1 = new nn.Linear(dim, hiddenDim, { bias: false });
    this.w2 = new nn.Linear(hiddenDim, dim, { bias: false });
    this.w3 = new nn.Linear(dim, hiddenDim, { bias: false });
  }

  override forward(x: Tensor): Tensor {
    // self.w2(F.silu(self.w1(x)) * self.w3(x))
    return this.w2.call(F.silu(this.w1.call(x)).mul(this.w3.call(x)));
  }
}

/** The feed-forward half of a LLaMA layer: h + feed_forward(ffn_norm(h)). */
export class FeedForwardLayer extends Module {
  feed_forward: FeedForward;
  ffn_norm: RMSNorm;

  constructor(dim = 512, hiddenDim = 1376) {
    super();
    this.feed_forward = new FeedForward(dim, hiddenDim);
    this.ffn_norm = new RMSNorm(dim);
  }

  override forward(h: Tensor): Tensor {
    return h.add(this.feed_forward.call(this.ffn_norm.call(h)));
  }
}

export default FeedForwardLayer;
export const inputs = [[2, 64, 512]];
