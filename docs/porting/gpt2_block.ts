// A GPT-2 decoder block, after nanoGPT's model.py (CausalSelfAttention, MLP, Block).
import { Buffer, F, Module, nn, type Tensor } from 'flopscope';

class CausalSelfAttention extends Module {
  c_attn: nn.Linear;
  c_proj: nn.Linear;
  attn_dropout: nn.Dropout;
  resid_dropout: nn.Dropout;
  bias: Tensor;

  constructor(readonly n_embd: number, readonly n_head: number, blockSize: number) {
    super();
    this.c_attn = new nn.Linear(n_embd, 3 * n_embd);
    this.c_proj = new nn.Linear(n_embd, n_embd);
    this.attn_dropout = new nn.Dropout(0.1);
    this.resid_dropout = new nn.Dropout(0.1);
    // self.register_buffer("bias", torch.tril(torch.ones(T, T)).view(1, 1, T, T))
    this.bias = new Buffer([1, 1, blockSize, blockSize]);
  }

  override forward(x: Tensor): Tensor {
    const B = x.size(0), T = x.size(1), C = x.size(2); // B, T, C = x.size()
    const qkv = this.c_attn.call(x).split(this.n_embd, 2);
    const headDim = C.floordiv(this.n_head);
    const heads = (t: Tensor): Tensor => t.view(B, T, this.n_head, headDim).transpose(1, 2);
    const q = heads(qkv[0]!), k = heads(qkv[1]!), v = heads(qkv[2]!);
    let att = q.matmul(k.transpose(-2, -1)).mul(1 / Math.sqrt(this.n_embd / this.n_head));
    // self.bias[:, :, :T, :T] == 0
    const mask = F.eq(F.slice(F.slice(this.bias, 2, 0, T), 3, 0, T), 0);
    att = this.attn_dropout.call(att.maskedFill(mask, -Infinity).softmax(-1));
    const y = att.matmul(v).transpose(1, 2).contiguous().view(B, T, C);
    return this.resid_dropout.call(this.c_proj.call(y));
  }
}

class MLP extends Module {
  c_fc: nn.Linear;
  gelu: nn.GELU;
  c_proj: nn.Linear;
  dropout: nn.Dropout;

  constructor(nEmbd: number) {
    super();
    this.c_fc = new nn.Linear(nEmbd, 4 * nEmbd);
    this.gelu = new nn.GELU('tanh');
    this.c_proj = new nn.Linear(4 * nEmbd, nEmbd);
    this.dropout = new nn.Dropout(0.1);
  }

  override forward(x: Tensor): Tensor {
    return this.dropout.call(this.c_proj.call(this.gelu.call(this.c_fc.call(x))));
  }
}

export class Block extends Module {
  ln_1: nn.LayerNorm;
  attn: CausalSelfAttention;
  ln_2: nn.LayerNorm;
  mlp: MLP;

  constructor(nEmbd = 768, nHead = 12, blockSize = 1024) {
    super();
    // Assigned in the constructor, in PyTorch's order: the registration (and
    // stateDict) order is ln_1, attn, ln_2, mlp, as in the checkpoint.
    this.ln_1 = new nn.LayerNorm(nEmbd);
    this.attn = new CausalSelfAttention(nEmbd, nHead, blockSize);
    this.ln_2 = new nn.LayerNorm(nEmbd);
    this.mlp = new MLP(nEmbd);
  }

  override forward(x: Tensor): Tensor {
    x = x.add(this.attn.call(this.ln_1.call(x)));
    return x.add(this.mlp.call(this.ln_2.call(x)));
  }
}

export default (): Block => new Block().eval();
export const inputs = [[1, 64, 768]];
