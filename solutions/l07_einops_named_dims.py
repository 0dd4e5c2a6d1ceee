"""Rozwiązania wzorcowe do lekcji 07 — einops i nazwane wymiary."""

from __future__ import annotations

import torch
from einops import pack, rearrange, unpack


def patchify(images: torch.Tensor, patch: int) -> torch.Tensor:
    """(b, c, H, W) -> (b, (H/p)*(W/p), c*p*p), kolejność w tokenie: c, p1, p2."""
    return rearrange(images, "b c (h p1) (w p2) -> b (h w) (c p1 p2)", p1=patch, p2=patch)


def unpatchify(tokens: torch.Tensor, patch: int, height: int, width: int) -> torch.Tensor:
    """Odwrotność patchify: (b, L, c*p*p) -> (b, c, height, width)."""
    return rearrange(
        tokens,
        "b (h w) (c p1 p2) -> b c (h p1) (w p2)",
        h=height // patch,
        w=width // patch,
        p1=patch,
        p2=patch,
    )


def split_heads(x: torch.Tensor, num_heads: int) -> torch.Tensor:
    """(b, n, h*d) -> (b, h, n, d); wynik ma dzielić storage z wejściem."""
    return rearrange(x, "b n (h d) -> b h n d", h=num_heads)


def merge_heads(x: torch.Tensor) -> torch.Tensor:
    """(b, h, n, d) -> (b, n, h*d)."""
    return rearrange(x, "b h n d -> b n (h d)")


def space_to_depth(x: torch.Tensor, r: int) -> torch.Tensor:
    """(b, c, H, W) -> (b, c*r*r, H/r, W/r), jak F.pixel_unshuffle."""
    return rearrange(x, "b c (h r1) (w r2) -> b (c r1 r2) h w", r1=r, r2=r)


def depth_to_space(x: torch.Tensor, r: int) -> torch.Tensor:
    """(b, c*r*r, h, w) -> (b, c, h*r, w*r), jak F.pixel_shuffle."""
    return rearrange(x, "b (c r1 r2) h w -> b c (h r1) (w r2)", r1=r, r2=r)


def pack_tokens(
    cls: torch.Tensor, registers: torch.Tensor, patches: torch.Tensor
) -> tuple[torch.Tensor, list[torch.Size]]:
    """Skleja [cls, rejestry, łatki] wzdłuż osi tokenów; zwraca (tokeny, kształty)."""
    tokens, shapes = pack([cls, registers, patches], "b * d")
    return tokens, [torch.Size(s) for s in shapes]


def unpack_tokens(
    tokens: torch.Tensor, shapes: list[torch.Size]
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Odwrotność pack_tokens: zwraca (cls, rejestry, łatki)."""
    cls, registers, patches = unpack(tokens, [tuple(s) for s in shapes], "b * d")
    return cls, registers, patches
