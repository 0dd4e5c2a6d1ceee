"""Rozwiązania wzorcowe do lekcji 02 — broadcasting i ``expand``."""

import torch
from torch import Tensor


def broadcast_shape(*shapes: tuple[int, ...]) -> tuple[int, ...]:
    """Kształt wyniku broadcastingu ``shapes``; ``ValueError`` dla niezgodnych kształtów."""
    ndim = max((len(s) for s in shapes), default=0)
    result: list[int] = []
    for position in range(-ndim, 0):
        size = 1
        for shape in shapes:
            if len(shape) < -position:
                continue  # kształt krótszy: z lewej dopisana jedynka
            dim = int(shape[position])
            if dim in (1, size):
                continue
            if size != 1:
                raise ValueError(
                    f"Niezgodne rozmiary {size} i {dim} w wymiarze {position} kształtów {shapes}"
                )
            size = dim
        result.append(size)
    return tuple(result)


def pairwise_distances(x: Tensor, y: Tensor) -> Tensor:
    """Odległości euklidesowe ``(..., N, M)`` między wierszami ``x`` i ``y``."""
    differences = x[..., :, None, :] - y[..., None, :, :]
    return differences.pow(2).sum(dim=-1).sqrt()


def reduce_grad_to_shape(grad: Tensor, shape: tuple[int, ...]) -> Tensor:
    """Sumuje ``grad`` po wymiarach rozciągniętych z ``shape``; wynik ma kształt ``shape``."""
    extra = grad.dim() - len(shape)
    if extra < 0:
        raise ValueError(f"Kształt {shape} ma więcej wymiarów niż gradient {tuple(grad.shape)}")
    for target, actual in zip(shape, grad.shape[extra:], strict=True):
        if target not in (1, actual):
            raise ValueError(f"Kształtu {shape} nie da się rozciągnąć do {tuple(grad.shape)}")
    reduced = grad.sum(dim=tuple(range(extra))) if extra > 0 else grad
    keep = [i for i, (target, actual) in enumerate(zip(shape, reduced.shape, strict=True))
            if target == 1 and actual != 1]
    if keep:
        reduced = reduced.sum(dim=keep, keepdim=True)
    return reduced.reshape(shape)


def checked_broadcast(*tensors: Tensor) -> tuple[Tensor, ...]:
    """Widoki jak w ``torch.broadcast_tensors``; ``ValueError`` przy niezgodności lub wzroście."""
    shapes = [tuple(t.shape) for t in tensors]
    try:
        views: tuple[Tensor, ...] = tuple(
            torch.broadcast_tensors(*tensors)
        )
    except RuntimeError as exc:
        raise ValueError(f"Niezgodne kształty: {shapes}") from exc
    largest = max((t.numel() for t in tensors), default=0)
    if views and views[0].numel() > largest:
        raise ValueError(
            f"Broadcasting powiększyłby dane z {largest} do {views[0].numel()} elementów "
            f"(kształty {shapes} → {tuple(views[0].shape)})"
        )
    return views
