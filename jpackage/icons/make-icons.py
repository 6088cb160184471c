#!/usr/bin/env python3
"""Draws Mamori's icon (an envelope on a shield) with the Python standard library only.

Writes mamori.svg (the drawing as vector shapes), mamori.png (256 px, Linux launchers and the .desktop entry) and
mamori.ico (16-256 px, PNG-compressed entries as Windows Vista and later read them). The shapes are defined once,
in a 256x256 design space, and rasterised with 4x4 supersampling. Re-run after changing a shape:
    python3 jpackage/icons/make-icons.py
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
BG = (22, 94, 110)         # deep teal shield
PAPER = (250, 250, 247)    # envelope
ACCENT = (242, 153, 46)    # the check mark: scanned

# Shield: a rounded top and a point at the bottom (design space 0..256).
SHIELD_TOP, SHIELD_BOTTOM, SHIELD_LEFT, SHIELD_RIGHT, SHIELD_R = 16, 244, 28, 228, 28
# Envelope rectangle and flap.
ENV = (64, 84, 192, 168)
LINE = 9  # stroke width of the flap


def in_shield(x, y):
    if y < SHIELD_TOP or x < SHIELD_LEFT or x > SHIELD_RIGHT:
        return False
    mid = (SHIELD_LEFT + SHIELD_RIGHT) / 2
    half = (SHIELD_RIGHT - SHIELD_LEFT) / 2
    straight_end = 140
    if y <= straight_end:
        # rounded corners at the top
        for cx in (SHIELD_LEFT + SHIELD_R, SHIELD_RIGHT - SHIELD_R):
            cy = SHIELD_TOP + SHIELD_R
            if y < cy and ((x < cx and cx == SHIELD_LEFT + SHIELD_R) or (x > cx and cx == SHIELD_RIGHT - SHIELD_R)):
                return (x - cx) ** 2 + (y - cy) ** 2 <= SHIELD_R ** 2
        return True
    # below: the sides narrow to the point
    t = (y - straight_end) / (SHIELD_BOTTOM - straight_end)
    if t > 1:
        return False
    return abs(x - mid) <= half * (1 - t * t)


def dist_to_segment(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


def colour_at(x, y):
    """Colour of a design-space point, or None outside the icon."""
    if not in_shield(x, y):
        return None
    x0, y0, x1, y1 = ENV
    cx = (x0 + x1) / 2
    # the check mark (orange) sits under the envelope
    if dist_to_segment(x, y, 96, 196, 120, 216) <= 8 or dist_to_segment(x, y, 120, 216, 164, 180) <= 8:
        return ACCENT
    if x0 <= x <= x1 and y0 <= y <= y1:
        if dist_to_segment(x, y, x0 + 4, y0 + 4, cx, y0 + 50) <= LINE / 2 or \
                dist_to_segment(x, y, cx, y0 + 50, x1 - 4, y0 + 4) <= LINE / 2:
            return BG
        return PAPER
    return BG


def render(size, samples=4):
    rows = []
    step = 256 / size
    for j in range(size):
        row = bytearray([0])  # PNG filter type: none
        for i in range(size):
            acc = [0, 0, 0]
            covered = 0
            for sj in range(samples):
                for si in range(samples):
                    c = colour_at((i + (si + 0.5) / samples) * step, (j + (sj + 0.5) / samples) * step)
                    if c:
                        covered += 1
                        for k in range(3):
                            acc[k] += c[k]
            if covered:
                row += bytes(round(a / covered) for a in acc) + bytes([round(255 * covered / samples ** 2)])
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size, raw):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def ico(images):
    """An .ico file whose entries are PNG images (size -> bytes)."""
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    body = b""
    for size, data in images:
        out += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset + len(body))
        body += data
    return out + body


def svg():
    x0, y0, x1, y1 = ENV
    cx = (x0 + x1) / 2
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>Mamori</title>
  <path fill="rgb{BG}" d="M{SHIELD_LEFT + SHIELD_R} {SHIELD_TOP} H{SHIELD_RIGHT - SHIELD_R}
    A{SHIELD_R} {SHIELD_R} 0 0 1 {SHIELD_RIGHT} {SHIELD_TOP + SHIELD_R} V140
    Q{SHIELD_RIGHT} 190 128 {SHIELD_BOTTOM} Q{SHIELD_LEFT} 190 {SHIELD_LEFT} 140 V{SHIELD_TOP + SHIELD_R}
    A{SHIELD_R} {SHIELD_R} 0 0 1 {SHIELD_LEFT + SHIELD_R} {SHIELD_TOP} Z"/>
  <rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="rgb{PAPER}"/>
  <polyline points="{x0 + 4},{y0 + 4} {cx},{y0 + 50} {x1 - 4},{y0 + 4}" fill="none" stroke="rgb{BG}"
    stroke-width="{LINE}" stroke-linecap="round" stroke-linejoin="round"/>
  <polyline points="96,196 120,216 164,180" fill="none" stroke="rgb{ACCENT}" stroke-width="16"
    stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"""


def main():
    with open(os.path.join(HERE, "mamori.svg"), "w") as f:
        f.write(svg())
    big = render(256)
    with open(os.path.join(HERE, "mamori.png"), "wb") as f:
        f.write(big)
    images = [(s, render(s)) for s in (16, 24, 32, 48, 64, 128)] + [(256, big)]
    with open(os.path.join(HERE, "mamori.ico"), "wb") as f:
        f.write(ico(images))


if __name__ == "__main__":
    main()
