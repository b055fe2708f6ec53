// A diffusion U-Net's residual block with a time embedding, after guided-diffusion's
// timestep_embedding and ResBlock (use_scale_shift_norm=False).
import { F, Module, nn, type Tensor } from 'flopscope';

/** Sinusoidal embeddings of the timesteps `t` (shape [N]), of width `dim` (even). */
function timestepEmbedding(t: Tensor, dim: number, maxPeriod = 10000): Tensor {
  const half = Math.floor(dim / 2);
  // torch.exp(-math.log(max_period) * torch.arange(start=0, end=half, dtype=torch.float32) / half)
  const freqs = F.arange(half).float().mul(-Math.log(maxPeriod)).div(half).exp();
  // t[:, None].float() * freqs[None]
  const args = t.unsqueeze(1).float().mul(freqs.unsqueeze(0));
  return F.cat([args.cos(), args.sin()], -1);
}

class ResBlock extends Module {
  in_layers: nn.Sequential;
  emb_layers: nn.Sequential;
  out_layers: nn.Sequential;
  skip_connection: nn.Identity | nn.Conv2d;

  constructor(channels: number, embChannels: number, outChannels: number, dropout = 0.1) {
    super();
    this.in_layers = new nn.Sequential(new nn.GroupNorm(32, channels), new nn.SiLU(), new nn.Conv2d(channels, outChannels, 3, { padding: 1 }));
    this.emb_layers = new nn.Sequential(new nn.SiLU(), new nn.Linear(embChannels, outChannels));
    this.out_layers = new nn.Sequential(
      new nn.GroupNorm(32, outChannels),
      new nn.SiLU(),
      new nn.Dropout(dropout),
      new nn.Conv2d(outChannels, outChannels, 3, { padding: 1 }),
    );
    this.skip_connection = outChannels === channels ? new nn.Identity() : new nn.Conv2d(channels, outChannels, 1);
  }

  override forward(x: Tensor, emb: Tensor): Tensor {
    let h = this.in_layers.call(x);
    let embOut = this.emb_layers.call(emb);
    // while len(emb_out.shape) < len(h.shape): emb_out = emb_out[..., None]
    while (embOut.dim() < h.dim()) embOut = embOut.unsqueeze(-1);
    h = this.out_layers.call(h.add(embOut));
    return this.skip_connection.call(x).add(h);
  }
}

export class TimeConditionedBlock extends Module {
  time_embed: nn.Sequential;
  block: ResBlock;

  constructor(readonly modelChannels = 128, outChannels = 256) {
    super();
    const timeDim = modelChannels * 4;
    this.time_embed = new nn.Sequential(new nn.Linear(modelChannels, timeDim), new nn.SiLU(), new nn.Linear(timeDim, timeDim));
    this.block = new ResBlock(modelChannels, timeDim, outChannels);
  }

  override forward(x: Tensor, timesteps: Tensor): Tensor {
    const emb = this.time_embed.call(timestepEmbedding(timesteps, this.modelChannels));
    return this.block.call(x, emb);
  }
}

export default (): TimeConditionedBlock => new TimeConditionedBlock().eval();
// The noisy images and one timestep per image.
export const inputs = [[4, 128, 32, 32], [4]];
