"""Writes engine/src/main/resources/dev/rwb/engine/hf/bfloat16-cast.pt, the TorchScript module
dev.rwb.engine.hf.Bfloat16 runs to make bfloat16 tensors.

Why: DJL 0.35's PyTorch JNI maps only its dtype codes 0-8 (float32 ... complex64) to torch scalar
types; NDArray.toType(BFLOAT16) and NDManager.create(buffer, shape, BFLOAT16) reach a bare `throw;`
in djl_pytorch_utils.h (GetScalarTypeFromDType) and libtorch terminates the JVM. Every op on an
existing bfloat16 tensor works, so one TorchScript call that does x.to(torch.bfloat16), recorded by
autograd when grad mode is on, is all that is missing.

Run with any PyTorch >= 1.10 (Debian's /usr/bin/python3 with python3-torch 1.13 wrote the shipped file;
libtorch 2.7 loads it):
    /usr/bin/python3 engine/src/main/torchscript/bfloat16_cast.py
"""
import pathlib

import torch


class Bfloat16Cast(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(torch.bfloat16)


out = pathlib.Path(__file__).resolve().parents[1] / "resources/dev/rwb/engine/hf/bfloat16-cast.pt"
torch.jit.script(Bfloat16Cast()).save(str(out))
print(out)
