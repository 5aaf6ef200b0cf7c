#!/usr/bin/python3
"""Independent PyTorch scoring of a Hugging Face model directory, to check the Java (DJL) decoder.

Reads config.json and the safetensors weights (one file or shards with model.safetensors.index.json;
F32/F16/BF16) with a small reader of its own (Debian's python3-torch has no `safetensors` package),
builds the Qwen2 / Qwen3 / Llama decoder from the published definitions in plain torch ops, and
prints, for each id sequence given, the log-probability of every token given the tokens before it
(null for the first) and the entropy of the distribution it was drawn from, in float32:

  /usr/bin/python3 bench/hf_torch_score.py MODEL_DIR '[[1, 2, 3], [4, 5]]'
  -> {"torch": "1.13.1", "sequences": [{"logprob": [null, ...], "entropy": [null, ...]}, ...]}
"""
import json, math, os, struct, sys

import torch


def read_safetensors(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        begin, end = t["data_offsets"]
        raw = bytearray(data[begin:end])
        shape = t["shape"]
        if t["dtype"] == "F32":
            x = torch.frombuffer(raw, dtype=torch.float32) if raw else torch.zeros(0)
        elif t["dtype"] == "F16":
            x = torch.frombuffer(raw, dtype=torch.float16).float()
        elif t["dtype"] == "BF16":  # bf16 is the top half of a float32
            x = (torch.frombuffer(raw, dtype=torch.int16).to(torch.int32) << 16).view(torch.float32)
        else:
            raise SystemExit(f"{path}: tensor {name}: dtype {t['dtype']} not handled")
        out[name] = x.reshape(shape).clone()
    return out


def load_weights(d):
    index = os.path.join(d, "model.safetensors.index.json")
    if os.path.exists(index):
        files = sorted(set(json.load(open(index))["weight_map"].values()))
    else:
        files = ["model.safetensors"]
    w = {}
    for f in files:
        w.update(read_safetensors(os.path.join(d, f)))
    return w


def inverse_frequencies(c, hd):
    inv = 1.0 / (c.get("rope_theta", 10000.0) ** (torch.arange(0, hd, 2, dtype=torch.int64).float() / hd))
    rs = c.get("rope_scaling") or {}
    kind = rs.get("rope_type", rs.get("type", "default"))
    if kind == "linear":
        inv = inv / rs["factor"]
    elif kind == "llama3":  # Llama 3.1: keep high frequencies, divide low ones, blend in between
        factor, low, high = rs["factor"], rs["low_freq_factor"], rs["high_freq_factor"]
        orig = rs["original_max_position_embeddings"]
        wavelen = 2 * math.pi / inv
        scaled = torch.where(wavelen > orig / low, inv / factor, inv)
        smooth = (orig / wavelen - low) / (high - low)
        blended = (1 - smooth) * scaled / factor + smooth * scaled
        medium = (wavelen >= orig / high) & (wavelen <= orig / low)
        inv = torch.where(medium, blended, scaled)
    return inv


def rms_norm(x, weight, eps):
    return weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), -1)


def forward(c, w, ids):
    """ids (T,) -> logits (T, V), float32 throughout."""
    T = ids.shape[0]
    D, H = c["hidden_size"], c["num_attention_heads"]
    KV = c.get("num_key_value_heads") or H
    hd = c.get("head_dim") or D // H
    eps = c.get("rms_norm_eps", 1e-6)
    qwen3 = c["model_type"] == "qwen3"
    x = w["model.embed_tokens.weight"][ids]
    ang = torch.arange(T, dtype=torch.float32)[:, None] * inverse_frequencies(c, hd)[None, :]
    ang = torch.cat((ang, ang), -1)
    cos, sin = ang.cos(), ang.sin()
    causal = torch.full((T, T), float("-inf")).triu(1)
    for i in range(c["num_hidden_layers"]):
        p = f"model.layers.{i}."
        h = rms_norm(x, w[p + "input_layernorm.weight"], eps)

        def proj(name):
            y = h @ w[p + f"self_attn.{name}.weight"].T
            b = w.get(p + f"self_attn.{name}.bias")
            return y if b is None else y + b

        q = proj("q_proj").view(T, H, hd)
        k = proj("k_proj").view(T, KV, hd)
        v = proj("v_proj").view(T, KV, hd)
        if qwen3:
            q = rms_norm(q, w[p + "self_attn.q_norm.weight"], eps)
            k = rms_norm(k, w[p + "self_attn.k_norm.weight"], eps)
        q, k, v = q.transpose(0, 1), k.transpose(0, 1), v.transpose(0, 1)  # (heads, T, hd)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(H // KV, 0)  # query head j reads key/value head j // (H / KV)
        v = v.repeat_interleave(H // KV, 0)
        att = (q @ k.transpose(1, 2)) / math.sqrt(hd) + causal
        y = (att.softmax(-1) @ v).transpose(0, 1).reshape(T, H * hd)
        x = x + y @ w[p + "self_attn.o_proj.weight"].T
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        g = h @ w[p + "mlp.gate_proj.weight"].T
        u = h @ w[p + "mlp.up_proj.weight"].T
        x = x + (torch.nn.functional.silu(g) * u) @ w[p + "mlp.down_proj.weight"].T
    x = rms_norm(x, w["model.norm.weight"], eps)
    head = w["model.embed_tokens.weight"] if c.get("tie_word_embeddings", False) else w["lm_head.weight"]
    return x @ head.T


def main():
    d, seqs = sys.argv[1], json.loads(sys.argv[2])
    c = json.load(open(os.path.join(d, "config.json")))
    if c["model_type"] not in ("qwen2", "qwen3", "llama"):
        raise SystemExit(f"unsupported model_type {c['model_type']}")
    w = load_weights(d)
    torch.set_num_threads(1)
    out = []
    with torch.no_grad():
        for s in seqs:
            ids = torch.tensor(s, dtype=torch.long)
            logp = forward(c, w, ids)[:-1].log_softmax(-1)
            lp = logp.gather(1, ids[1:, None])[:, 0]
            ent = -(logp.exp() * logp).sum(-1)
            out.append({"logprob": [None] + lp.tolist(), "entropy": [None] + ent.tolist()})
    print(json.dumps({"torch": torch.__version__, "sequences": out}))


if __name__ == "__main__":
    main()
