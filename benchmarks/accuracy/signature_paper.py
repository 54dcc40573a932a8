"""Paper, light and phone for the synthetic 手写签名: what turns pen coverage into a photo.

The signature suite (:mod:`benchmarks.accuracy.synth_signature`) draws its pen lines with
:mod:`benchmarks.accuracy.signature_drawing`; this module lays them on white, cream, grey or
coloured paper, with ruled lines and a red margin on some, in blue, green, black, faint or
pencil ink, then lights the sheet unevenly, casts a hand's shadow across the ink, and blurs and
noises it as a phone would. Every choice is a :class:`Conditions` drawn from the picture's seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

PAPERS = {"white paper": (246, 245, 241), "cream paper": (242, 231, 204), "grey paper": (198, 199, 196),
          "pink paper": (240, 222, 226), "light blue paper": (222, 232, 244), "light green paper": (224, 238, 218)}
INKS = {"blue ink": (30, 50, 150), "black ink": (24, 24, 30), "green ink": (20, 105, 60),
        "pencil": (100, 100, 106)}


@dataclass
class Conditions:
    """How the paper, the light and the phone made the picture; drawn per picture from its seed."""

    paper: str
    ink: str
    gradient: float  # strength of the light falling off across the sheet
    vignette: float
    shadow: bool
    ruled_deg: float | None  # ruled lines at this angle, or none
    margin: bool  # a red margin line
    faint: bool
    blur: float  # Gaussian sigma in px, 0 for none
    noise: float
    quality: int  # JPEG quality

    def words(self) -> list[str]:
        said = [self.ink if not self.faint else f"faint {self.ink}", self.paper]
        if self.gradient > 0.15 or self.vignette > 0.2:
            said.append("uneven light")
        said += ["cast shadow"] * self.shadow
        if self.ruled_deg is not None:
            said.append(f"ruled {self.ruled_deg:.1f}°" + (" + red margin" if self.margin else ""))
        said += [f"blur {self.blur:.1f}"] * (self.blur > 0)
        return [*said, f"noise {self.noise:.0f}", f"jpeg q{self.quality}"]


def conditions(rng: np.random.Generator) -> Conditions:
    ink = str(rng.choice(list(INKS), p=[0.4, 0.35, 0.13, 0.12]))
    ruled = rng.random() < 0.35
    return Conditions(
        paper=str(rng.choice(list(PAPERS), p=[0.35, 0.2, 0.15, 0.1, 0.1, 0.1])), ink=ink,
        gradient=rng.uniform(0.03, 0.35), vignette=rng.uniform(0.0, 0.35), shadow=rng.random() < 0.3,
        ruled_deg=rng.uniform(0, 6) if ruled else None, margin=ruled and rng.random() < 0.5,
        faint=ink != "pencil" and rng.random() < 0.15, blur=rng.uniform(0.6, 1.4) if rng.random() < 0.35 else 0.0,
        noise=rng.uniform(1.5, 6.0), quality=int(rng.integers(60, 91)),
    )


def _paper(cond: Conditions, shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    h, w = shape
    paper = np.empty((h, w, 3), np.float32)
    paper[:] = PAPERS[cond.paper]
    if cond.ruled_deg is None:
        return paper
    lines = np.zeros(shape, np.uint8)
    slope, gap = np.tan(np.radians(cond.ruled_deg)), rng.uniform(55, 90) * w / 1600
    thick = max(1, round(rng.uniform(1.5, 3.0) * w / 1600))
    for y in np.arange(rng.uniform(0, gap), h + w * slope, gap):
        cv2.line(lines, (0, round(y)), (w - 1, round(y - slope * w)), 255, thick, cv2.LINE_AA)
    _blend(paper, lines, (rng.uniform(168, 200), rng.uniform(200, 218), 238))
    if cond.margin:
        red, x = np.zeros(shape, np.uint8), rng.uniform(0.05, 0.14) * w
        cv2.line(red, (round(x), 0), (round(x + slope * h), h - 1), 255, thick + 1, cv2.LINE_AA)
        _blend(paper, red, (225, 115, 125))
    return paper


def _blend(img: np.ndarray, mask: np.ndarray, colour: tuple[float, float, float]) -> None:
    a = (mask.astype(np.float32) / 255)[..., None]
    img *= 1 - a
    img += a * np.array(colour, np.float32)


def _light(cond: Conditions, shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Low-frequency light: a fall-off across the sheet and a vignette round an off-centre point."""
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = xx * np.cos(angle) + yy * np.sin(angle)
    ramp = (ramp - ramp.min()) / max(1.0, float(np.ptp(ramp)))
    cx, cy = w * rng.uniform(0.3, 0.7), h * rng.uniform(0.3, 0.7)
    r2 = ((xx - cx) ** 2 + (yy - cy) ** 2) / (0.25 * (w**2 + h**2))
    return (1 - cond.gradient * ramp) * (1 - cond.vignette * np.clip(r2, 0, 1.5))


def _shadow(shape: tuple[int, int], through: tuple[float, float], rng: np.random.Generator) -> np.ndarray:
    """A hard cast shadow (a hand, a phone) at 0.45–0.7 brightness, one edge running through the ink.

    The shadow is a wedge: its corner lies a little off the ink, and its first edge passes through
    ``through``, a point among the strokes.
    """
    h, w = shape
    reach = 3 * (w + h)
    a = rng.uniform(0, 2 * np.pi)
    b = a + rng.choice([-1, 1]) * rng.uniform(0.7, 1.6)
    corner = np.array(through) - rng.uniform(0.1, 0.3) * w * np.array([np.cos(a), np.sin(a)])
    wedge = [corner, *(corner + reach * np.array([np.cos(t), np.sin(t)]) for t in (a, b))]
    mask = np.zeros(shape, np.uint8)
    cv2.fillPoly(mask, [np.round(wedge).astype(np.int32)], 255)
    soft = cv2.GaussianBlur(mask.astype(np.float32) / 255, (0, 0), rng.uniform(1.5, 4.0) * w / 1600)
    return 1 - (1 - rng.uniform(0.45, 0.7)) * soft


def photographed(cond: Conditions, inked: list[tuple[np.ndarray, str]], rng: np.random.Generator,
                 shadow_through: tuple[float, float]) -> np.ndarray:
    """Paper with each (coverage, ink) laid on it, then lit, shaded, blurred and noised as a phone would."""
    shape = inked[0][0].shape
    img = _paper(cond, shape, rng)
    for coverage, ink in inked:
        strength = rng.uniform(0.35, 0.5) if cond.faint else rng.uniform(0.85, 0.95)
        if ink == "pencil":  # graphite leaves grain, never a solid line
            strength = rng.uniform(0.55, 0.75) * rng.uniform(0.7, 1.0, shape).astype(np.float32)
        a = (strength * coverage)[..., None]
        img = img * (1 - a) + a * np.array(INKS[ink], np.float32)
    img *= _light(cond, shape, rng)[..., None]
    if cond.shadow:
        img *= _shadow(shape, shadow_through, rng)[..., None]
    if cond.blur:
        img = cv2.GaussianBlur(img, (0, 0), cond.blur)
    img += rng.standard_normal(img.shape, dtype=np.float32) * cond.noise
    return np.clip(img, 0, 255).astype(np.uint8)
