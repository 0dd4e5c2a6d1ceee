"""Rozwiązania wzorcowe do lekcji 27 — Chirurgia modeli i transfer uczenia."""

from __future__ import annotations

import torch
from torch import nn


def replace_head(model: nn.Module, num_classes: int) -> nn.Module:
    """Podmienia ostatni nn.Linear na nowy (te same in_features, bias, device, dtype)."""
    last: tuple[str, nn.Linear] | None = None
    for name, module in model.named_modules():
        if isinstance(module, nn.Linear):
            last = (name, module)
    if last is None:
        raise ValueError("model nie ma żadnej warstwy nn.Linear")
    path, old = last
    new = nn.Linear(
        old.in_features,
        num_classes,
        bias=old.bias is not None,
        device=old.weight.device,
        dtype=old.weight.dtype,
    )
    model.set_submodule(path, new)
    return model


def adapt_first_conv(conv: nn.Conv2d, in_channels: int) -> nn.Conv2d:
    """Nowy splot na in_channels kanałów (1: suma filtrów RGB; >3: RGB + zera)."""
    if in_channels != 1 and in_channels < conv.in_channels:
        raise ValueError("obsługujemy 1 kanał albo co najmniej tyle, ile ma stary splot")
    def pair(values: tuple[int, ...]) -> tuple[int, int]:
        return values[0], values[1]

    padding = conv.padding if isinstance(conv.padding, str) else pair(conv.padding)
    new = nn.Conv2d(
        in_channels,
        conv.out_channels,
        pair(conv.kernel_size),
        stride=pair(conv.stride),
        padding=padding,
        dilation=pair(conv.dilation),
        groups=conv.groups,
        bias=conv.bias is not None,
        padding_mode=conv.padding_mode,
        device=conv.weight.device,
        dtype=conv.weight.dtype,
    )
    with torch.no_grad():
        if in_channels == 1:
            new.weight.copy_(conv.weight.sum(dim=1, keepdim=True))
        else:
            new.weight.zero_()
            new.weight[:, : conv.in_channels].copy_(conv.weight)
        if conv.bias is not None and new.bias is not None:
            new.bias.copy_(conv.bias)
    return new


def freeze_all_but(model: nn.Module, head: str) -> list[nn.Parameter]:
    """Trenowalne tylko parametry poddrzewa `head`; zwraca je w kolejności parameters()."""
    trainable: list[nn.Parameter] = []
    for name, param in model.named_parameters():
        keep = name == head or name.startswith(head + ".")
        param.requires_grad_(keep)
        if keep:
            trainable.append(param)
    return trainable


def set_train_mode(model: nn.Module, head: str) -> None:
    """model.train(), ale BatchNorm spoza poddrzewa `head` w trybie eval."""
    model.train()
    for name, module in model.named_modules():
        in_head = name == head or name.startswith(head + ".")
        if isinstance(module, nn.modules.batchnorm._BatchNorm) and not in_head:
            module.eval()


def load_compatible(
    model: nn.Module, state: dict[str, torch.Tensor]
) -> tuple[list[str], list[str], list[str]]:
    """Wczytuje zgodną część checkpointu; zwraca (missing, unexpected, shape_skipped)."""
    prefixes = ("module.", "_orig_mod.")

    def strip(key: str) -> str:
        while key.startswith(prefixes):
            for prefix in prefixes:
                key = key.removeprefix(prefix)
        return key

    own = model.state_dict()
    cleaned = {strip(k): v for k, v in state.items()}
    skipped = sorted(k for k, v in cleaned.items() if k in own and own[k].shape != v.shape)
    usable = {k: v for k, v in cleaned.items() if k not in skipped}
    report = model.load_state_dict(usable, strict=False)
    return sorted(report.missing_keys), sorted(report.unexpected_keys), skipped
