"""A fake camera for Chromium: a Y4M video (one still frame, which Chromium
loops) of a QR code drawn with the project's QR library, and a browser
launched to film it (``--use-file-for-fake-video-capture``)."""

from __future__ import annotations

from pathlib import Path

import qrcode

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

WIDTH, HEIGHT = 640, 480


def qr_video(text: str, path: Path) -> Path:
    """``path``: a 640×480 greyscale Y4M frame with ``text`` as a QR code in
    the middle, black on white with its quiet zone."""
    code = qrcode.QRCode(border=4, box_size=1)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    scale = min(WIDTH, HEIGHT) * 9 // 10 // len(matrix)
    size = scale * len(matrix)
    left, top = (WIDTH - size) // 2, (HEIGHT - size) // 2
    luma = bytearray(b"\xff" * (WIDTH * HEIGHT))
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if not dark:
                continue
            for y in range(top + row * scale, top + (row + 1) * scale):
                start = y * WIDTH + left + column * scale
                luma[start:start + scale] = b"\x00" * scale
    chroma = b"\x80" * (WIDTH // 2 * HEIGHT // 2)
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + b"FRAME\n" + bytes(luma) + chroma + chroma)
    return path


def launch(playwright, video: Path | None = None, *, allow: bool = True):
    """Chromium with a fake camera: filming ``video`` when given (else
    Chromium's own test pattern); ``allow=False`` leaves the permission
    question unanswered, which headless Chromium takes as a refusal."""
    args = [*CHROMIUM_ARGS, "--use-fake-device-for-media-stream"]
    if allow:
        args.append("--use-fake-ui-for-media-stream")
    if video is not None:
        args.append(f"--use-file-for-fake-video-capture={video}")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
