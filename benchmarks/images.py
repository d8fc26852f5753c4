"""What image processing costs: a site of N phone-sized photos, built cold and then warm.

`python benchmarks/images.py [N] [--size 3000x2000]` writes a site with one post
bundle per photo (each a JPEG with GPS and camera EXIF, drawn from a seeded
random generator) into benchmarks/_work/images-N/, then times, each in its own
process: a build with --no-cache (all image work, nothing stored), a cold build
with the cache (all image work, results stored), and a warm one (no image
work). The same site without its photos gives the cost of everything else.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw

WORK = Path(__file__).resolve().parent / "_work"


def photo(rng: random.Random, width: int, height: int) -> bytes:
    """A JPEG with shapes in random colours, and the EXIF of a phone camera."""
    image = Image.new("RGB", (width, height), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(20, width // 4)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Examplephone", "Examplephone 12"
    exif[0x8825] = {1: "N", 2: (41.0, 53.0, 17.0), 3: "W", 4: (87.0, 36.0, 58.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def write_site(root: Path, count: int, size: tuple[int, int], photos: bool) -> int:
    """The site; returns the bytes of its photos."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "content/posts").mkdir(parents=True)
    (root / "blogfolio.toml").write_text('title = "Photos"\nbase_url = "https://example.org/"\n')
    rng = random.Random(count)
    total = 0
    for i in range(count):
        bundle = root / f"content/posts/trip-{i:03}"
        bundle.mkdir()
        body = f"Day {i} of the trip.\n\n![Shapes in the colours of day {i}](photo.jpg)\n"
        if not photos:
            body = f"Day {i} of the trip.\n"
        text = f"---\ntitle: Trip day {i}\ndate: 2025-03-{1 + i % 28:02}\n---\n\n{body}"
        (bundle / "index.md").write_text(text)
        if photos:
            data = photo(rng, *size)
            (bundle / "photo.jpg").write_bytes(data)
            total += len(data)
    return total


def timed_build(root: Path, *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "blogfolio", "build", "-q", "--source", str(root),
                    *extra], check=True)  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int, nargs="?", default=20)
    parser.add_argument("--size", default="3000x2000", help="width x height of each photo")
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    assert len(size) == 2
    root = WORK / f"images-{args.count}"
    plain = WORK / f"images-{args.count}-plain"
    megabytes = write_site(root, args.count, (size[0], size[1]), photos=True) / 1e6
    write_site(plain, args.count, (size[0], size[1]), photos=False)
    rows = [
        ("without photos, --no-cache", timed_build(plain, "--no-cache")),
        ("photos, --no-cache", timed_build(root, "--no-cache")),
        ("photos, cold (cache empty)", timed_build(root)),
        ("photos, warm (nothing changed)", timed_build(root)),
    ]
    print(f"{args.count} photos of {size[0]}x{size[1]}, {megabytes:.1f} MB of JPEG")
    print("| build | seconds |\n| --- | ---: |")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
