"""Frames kept from the pose pass come back in order, at the overlay size, close to the
originals (JPEG), and the temporary file goes away with the spool."""

from __future__ import annotations

import numpy as np

from backstride.gait.framespool import FrameSpool


def _frame(value: int, size: tuple[int, int] = (320, 180)) -> np.ndarray:
    image = np.zeros((size[1], size[0], 3), dtype=np.uint8)
    image[:, : size[0] // 2] = value
    image[:, size[0] // 2 :] = 255 - value
    return image


def test_frames_come_back_in_order_and_shrunk() -> None:
    with FrameSpool((160, 90)) as spool:
        for value in (10, 120, 240):
            spool.add(_frame(value))
        assert len(spool) == 3
        back = list(spool.frames())
        assert [index for index, _ in back] == [0, 1, 2]
        for (_, image), value in zip(back, (10, 120, 240), strict=True):
            assert image.shape == (90, 160, 3)
            assert abs(int(image[45, 20, 0]) - value) <= 3
            assert abs(int(image[45, 140, 0]) - (255 - value)) <= 3


def test_reading_from_a_later_frame_skips_the_first() -> None:
    with FrameSpool((320, 180)) as spool:
        for value in range(5):
            spool.add(_frame(value * 50))
        assert [index for index, _ in spool.frames(3)] == [3, 4]


def test_close_removes_the_temporary_file() -> None:
    spool = FrameSpool((32, 18))
    spool.add(_frame(1, (32, 18)))
    handle = spool._file
    spool.close()
    assert handle.closed
