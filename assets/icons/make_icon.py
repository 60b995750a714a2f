#!/usr/bin/env python3
"""Draws Stipple's icon (a scalp with a stippled hairline) as stipple.svg and stipple-256.png.

Run from this folder: python3 make_icon.py. Only the standard library (zlib) is used; both files
are committed, so neither the build nor the package needs Python.
"""
import math
import struct
import zlib

SIZE = 256
BACKGROUND = (0x26, 0x2B, 0x33)
SKIN = (0xE2, 0xBC, 0x9E)
INK = (0x2A, 0x2A, 0x30)
RADIUS = 44          # background corner radius
HEAD = (128, 150, 92, 100)  # the scalp: centre x, centre y, radius x, radius y


def dots():
    """The stippled hair: rows of dots on the scalp's upper half, denser and larger at the top."""
    out = []
    state = 12345
    cx, cy, rx, ry = HEAD
    for row in range(9):
        y = 62 + row * 9.5
        r = 3.6 - row * 0.28
        half = rx * math.sqrt(max(0.0, 1 - ((y - cy) / ry) ** 2)) - 10
        n = int(half * 2 / (r * 3.1))
        for i in range(n + 1):
            state = (state * 1103515245 + 12345) % 2**31
            jitter = (state / 2**31 - 0.5) * 3.0
            x = cx - half + i * (2 * half / max(n, 1)) + jitter
            # the hairline: fewer dots towards the forehead, as a gradient
            state = (state * 1103515245 + 12345) % 2**31
            if row >= 5 and state / 2**31 < (row - 4) * 0.2:
                continue
            out.append((round(x, 2), round(y + jitter * 0.5, 2), round(r, 2)))
    return out


def svg(ds):
    cx, cy, rx, ry = HEAD
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}">',
        f'<rect width="{SIZE}" height="{SIZE}" rx="{RADIUS}" fill="#%02x%02x%02x"/>' % BACKGROUND,
        f'<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" fill="#%02x%02x%02x"/>' % SKIN,
    ]
    for x, y, r in ds:
        parts.append(f'<circle cx="{x}" cy="{y}" r="{r}" fill="#%02x%02x%02x"/>' % INK)
    parts.append('</svg>')
    return '\n'.join(parts) + '\n'


def blend(px, i, colour, a):
    if a <= 0:
        return
    a = min(a, 1.0)
    for k in range(3):
        px[i + k] = px[i + k] * (1 - a) + colour[k] * a
    px[i + 3] = px[i + 3] * (1 - a) + 255 * a


def png(ds):
    px = [0.0] * (SIZE * SIZE * 4)
    cx, cy, rx, ry = HEAD
    for y in range(SIZE):
        for x in range(SIZE):
            i = (y * SIZE + x) * 4
            fx, fy = x + 0.5, y + 0.5
            # rounded square: signed distance to a box with round corners
            qx = max(abs(fx - SIZE / 2) - (SIZE / 2 - RADIUS), 0)
            qy = max(abs(fy - SIZE / 2) - (SIZE / 2 - RADIUS), 0)
            d = math.hypot(qx, qy) - RADIUS
            blend(px, i, BACKGROUND, 0.5 - d)
            # ellipse: distance approximated by the scaled radius
            k = math.hypot((fx - cx) / rx, (fy - cy) / ry)
            d = (k - 1) * min(rx, ry)
            blend(px, i, SKIN, 0.5 - d)
    for x0, y0, r in ds:
        for y in range(int(y0 - r - 2), int(y0 + r + 3)):
            for x in range(int(x0 - r - 2), int(x0 + r + 3)):
                d = math.hypot(x + 0.5 - x0, y + 0.5 - y0) - r
                blend(px, (y * SIZE + x) * 4, INK, 0.5 - d)
    raw = b''.join(b'\x00' + bytes(int(round(v)) for v in px[y * SIZE * 4:(y + 1) * SIZE * 4]) for y in range(SIZE))

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))

    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', SIZE, SIZE, 8, 6, 0, 0, 0)) +
            chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))


if __name__ == '__main__':
    ds = dots()
    with open('stipple.svg', 'w') as f:
        f.write(svg(ds))
    with open('stipple-256.png', 'wb') as f:
        f.write(png(ds))
