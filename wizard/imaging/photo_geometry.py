"""Where the one-inch photo's frame goes: head size, margin above the head, centring.

Pure geometry on numbers, no pixels, so it is tested on synthetic cases. All boxes are
(x, y, width, height) in the pixels of the picture being cropped; the frame has the
slot's aspect (295:413). Bounds come from ``[checks.photo]`` of the rule pack.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.case.rules import RulePack


@dataclass(frozen=True)
class Head:
    """Crown (top of hair), chin and horizontal centre of the head, in picture pixels."""

    crown: float
    chin: float
    centre_x: float

    @property
    def height(self) -> float:
        return self.chin - self.crown


@dataclass(frozen=True)
class FrameBounds:
    head_ratio: tuple[float, float, float]  # min, target, max
    crown_margin: tuple[float, float, float]
    centre_tolerance: float
    reach: float = 0.0  # how far (share of the frame's height) the frame may reach past the top and sides
    below: float = 0.0  # how far it may reach below the picture (the clothes continued), share of its height

    @classmethod
    def from_rules(cls, rules: RulePack, white_room: bool = False) -> FrameBounds:
        """``white_room``: the background becomes white, so room above and beside the head can be added."""
        def triple(name: str) -> tuple[float, float, float]:
            return tuple(float(rules.check("photo", f"{name}_{part}")) for part in ("min", "target", "max"))

        reach = float(rules.check("photo", "white_room_max")) if white_room else 0.0
        return cls(triple("head_ratio"), triple("crown_margin"), float(rules.check("photo", "centre_tolerance")),
                   reach, float(rules.check("photo", "body_extend_max")))


@dataclass(frozen=True)
class Placement:
    """How a head sits in a frame, as shares: what the checks compare with the bounds."""

    head_ratio: float  # head height / frame height
    crown_margin: float  # (crown − frame top) / frame height
    centre_offset: float  # (head centre − frame centre) / frame width, signed


def place(head: Head, frame: tuple[float, float, float, float]) -> Placement:
    x, y, w, h = frame
    return Placement(head.height / h, (head.crown - y) / h, (head.centre_x - (x + w / 2)) / w)


def frame_for_head(head: Head, aspect: float, bounds: FrameBounds, limits: tuple[float, float]):
    """The frame (x, y, w, h) closest to the targets that stays inside a ``limits`` = (W, H) picture.

    ``aspect`` is width / height. When no frame within the bounds fits inside the picture,
    the frame at the targets is returned anyway and the caller decides (pad or reject).
    """
    lo, target, hi = bounds.head_ratio
    ratios = [target] + [r for step in range(1, 41) for r in (target + (hi - target) * step / 40,
                                                              target - (target - lo) * step / 40)]
    for ratio in ratios:  # nearest to the target first, inside the picture
        frame = _fit_at_ratio(head, aspect, bounds, limits, ratio, 0.0)
        if frame is not None:
            return frame
    # A close-up: the chin is near the bottom. The largest head first needs the least clothing added below.
    for ratio in sorted(ratios, reverse=True):
        frame = _fit_at_ratio(head, aspect, bounds, limits, ratio, bounds.below)
        if frame is not None:
            return frame
    return _frame_at(head, aspect, target, bounds.crown_margin[1], 0.0)


def _fit_at_ratio(head: Head, aspect: float, bounds: FrameBounds, limits, ratio: float, below: float):
    height = head.height / ratio
    width = height * aspect
    reach = bounds.reach * height  # white room the frame may take beyond the top and each side
    picture_w, picture_h = limits
    if width > picture_w + 2 * reach or height > picture_h + reach + below * height:
        return None
    m_lo, m_target, m_hi = bounds.crown_margin
    # With clothes to add below, the head sits as high as the bounds allow, so that least is added.
    m_ideal = m_target if below == 0 else m_lo
    top = _clamp_into(head.crown - m_ideal * height, head.crown - m_hi * height, head.crown - m_lo * height,
                      -reach, picture_h - height + below * height)
    tol = bounds.centre_tolerance * width
    ideal_left = head.centre_x - width / 2
    left = _clamp_into(ideal_left, ideal_left - tol, ideal_left + tol, -reach, picture_w - width + reach)
    if top is None or left is None:
        return None
    return (left, top, width, height)


def _clamp_into(ideal: float, low: float, high: float, floor: float, ceiling: float) -> float | None:
    """``ideal`` moved into [low, high] ∩ [floor, ceiling], or None if they do not meet."""
    low, high = max(low, floor), min(high, ceiling)
    if low > high + 1e-9:
        return None
    return min(max(ideal, low), high)


def _frame_at(head: Head, aspect: float, ratio: float, margin: float, offset: float):
    height = head.height / ratio
    width = height * aspect
    return (head.centre_x - width / 2 - offset * width, head.crown - margin * height, width, height)


def frame_from_box(box: tuple[float, float, float, float], aspect: float) -> tuple[float, float, float, float]:
    """A user's crop box grown to the frame's aspect around its own centre (never squashed)."""
    x, y, w, h = box
    if w / h > aspect:
        new_h = w / aspect
        return (x, y - (new_h - h) / 2, w, new_h)
    new_w = h * aspect
    return (x - (new_w - w) / 2, y, new_w, h)


def overflow(frame: tuple[float, float, float, float], limits: tuple[float, float]) -> dict[str, float]:
    """How far (in picture pixels) the frame reaches past each edge of the picture."""
    x, y, w, h = frame
    picture_w, picture_h = limits
    return {
        "left": max(0.0, -x),
        "top": max(0.0, -y),
        "right": max(0.0, x + w - picture_w),
        "bottom": max(0.0, y + h - picture_h),
    }
