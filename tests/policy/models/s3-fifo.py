"""Model of s3-fifo: S3-FIFO with counters from sampled referenced bits
(s3fifo_model.py says how)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from s3fifo_model import S3FIFO  # noqa: E402

PARAM_CASES = [{"s3fifo_small_percent": 25},
               {"s3fifo_small_percent": 50, "s3fifo_move_threshold": 2}]


class Model(S3FIFO):
    def __init__(self, frames, params):
        super().__init__(frames, params, sampled=True)
