// Multi-head self-attention written with einsum, as lucidrains' vit-pytorch and many research codebases write it.
import { F, Module, nn, type Tensor } from 'flopscope';

export class EinsumAttention extends Module {
  readonly scale: number;
  to_qkv: nn.Linear;
  to_out: nn.Linear;

  constructor(dim = 384, readonly heads = 6) {
    super();
    this.scale = Math.floor(dim / heads) ** -0.5;
    this.to_qkv = new nn.Linear(dim, dim * 3, { bias: false });
    this.to_out = new nn.Linear(dim, dim);
  }

  override forward(x: Tensor): Tensor {
    const b = x.size(0), n = x.size(1); // b, n, _ = x.shape
    // q, k, v = map(lambda t: t.reshape(b, n, h, -1).transpose(1, 2), qkv.chunk(3, dim=-1))
    const [q, k, v] = this.to_qkv.call(x).chunk(3, -1).map((t) => t.reshape(b, n, this.heads, -1).transpose(1, 2));
    if (q === undefined || k === undefined || v === undefined) throw new Error('chunk(3) gives three tensors');
    const dots = F.einsum('bhid,bhjd->bhij', q, k).mul(this.scale);
    const attn = dots.softmax(-1);
    const out = F.einsum('bhij,bhjd->bhid', attn, v);
    return this.to_out.call(out.transpose(1, 2).reshape(b, n, -1));
  }
}

export default (): EinsumAttention => new EinsumAttention().eval();
export const inputs = [[4, 197, 384]];
