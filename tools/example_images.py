"""Draw the example site's raster images, with the metadata a phone would leave in them.

Run from the repository root: `python tools/example_images.py`. The post photo
carries camera EXIF and a GPS position on purpose: `blogfolio build` must
publish it without them (tests/test_example_images.py checks both sides). The
project cards are the pictures social sites show when a project is shared.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
POST = ROOT / "content/posts/networking-before-the-interview/question-list.jpg"
CARDS = {
    ROOT / "content/projects/readmission-risk-model/social.png": "bars",
    ROOT / "content/projects/report-quality-checker/social.png": "checks",
}
TEAL, ORANGE, INK, PAPER = (15, 118, 110), (234, 120, 40), (40, 44, 52), (250, 247, 240)


def phone_exif() -> Image.Exif:
    """Make, model, time and a made-up position in a lake, as a phone camera writes them."""
    exif = Image.Exif()
    exif[0x010F] = "Examplephone"
    exif[0x0110] = "Examplephone 12 back camera"
    exif[0x0132] = "2025:02:09 16:42:10"
    exif[0x0112] = 1
    exif[0x8825] = {1: "N", 2: (41.0, 53.0, 17.2), 3: "W", 4: (87.0, 36.0, 58.9)}
    return exif


def draw_desk() -> Image.Image:
    """A notebook with a list of questions beside a cup of coffee, on a wooden table."""
    width, height = 1600, 1000
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):  # warm wood, darker towards the bottom
        shade = 1 - 0.25 * y / height
        draw.line([(0, y), (width, y)], fill=(int(176 * shade), int(124 * shade), int(82 * shade)))
    for x in range(0, width, 140):  # planks
        draw.line([(x, 0), (x + 60, height)], fill=(140, 96, 62), width=3)
    draw.polygon([(330, 170), (1050, 120), (1110, 880), (380, 930)], fill=PAPER)  # notebook
    draw.line([(720, 145), (745, 905)], fill=(200, 196, 188), width=6)
    for i in range(9):  # handwritten lines, a question mark at the end of some
        y = 240 + i * 70
        draw.line([(780, y - 10), (1040 - (i % 3) * 60, y - 18)], fill=INK, width=5)
        if i % 2 == 0:
            draw.arc([(1050 - (i % 3) * 60, y - 40), (1080 - (i % 3) * 60, y - 5)], 180, 90,
                     fill=TEAL, width=5)  # fmt: skip
    for i in range(6):
        y = 260 + i * 90
        draw.line([(420, y), (680, y - 12)], fill=(120, 124, 130), width=4)
    draw.ellipse([(1180, 420), (1480, 720)], fill=(236, 236, 232))  # cup, seen from above
    draw.ellipse([(1215, 455), (1445, 685)], fill=(92, 58, 34))
    draw.ellipse([(1290, 520), (1360, 570)], fill=(140, 96, 62))
    draw.rounded_rectangle([(1460, 540), (1540, 600)], radius=25, outline=(236, 236, 232),
                           width=18)  # fmt: skip
    draw.line([(200, 760), (560, 640)], fill=ORANGE, width=16)  # a pen
    return image


def draw_card(kind: str) -> Image.Image:
    """A 1200x630 card: teal panel, and bars or check marks."""
    image = Image.new("RGB", (1200, 630), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle([(0, 0), (1200, 90)], fill=TEAL)
    if kind == "bars":
        for i in range(10):
            h = 40 + i * i * 4
            x = 120 + i * 96
            colour = ORANGE if i >= 8 else TEAL
            draw.rectangle([(x, 560 - h), (x + 64, 560)], fill=colour)
        draw.line([(100, 562), (1100, 562)], fill=INK, width=4)
    else:
        for i in range(4):
            y = 160 + i * 105
            draw.rectangle([(420, y), (1100, y + 70)], outline=INK, width=3)
            if i == 2:
                draw.polygon([(200, y + 70), (260, y - 10), (320, y + 70)], fill=ORANGE)
            else:
                draw.line([(205, y + 35), (245, y + 65), (315, y - 5)], fill=TEAL, width=14)
    return image


def main() -> None:
    draw_desk().save(POST, "JPEG", quality=78, optimize=True, exif=phone_exif(),
                     comment=b"Taken at home")  # fmt: skip
    for path, kind in CARDS.items():
        draw_card(kind).save(path, "PNG", optimize=True)
    for path in (POST, *CARDS):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
