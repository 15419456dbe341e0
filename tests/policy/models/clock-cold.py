"""Model of clock-cold: CLOCK as libCacheSim's `clock` (one bit) and the
textbooks that insert new pages unreferenced: pages in a circular list with
a hand at the oldest; a hit sets the page's bit; a miss with a full cache
moves the hand: a page with its bit set has it cleared and is passed (it
becomes the newest), the first page with a clear bit is evicted; the new
page goes in behind the hand (newest), its bit clear."""
from collections import deque


class Model:
    def __init__(self, frames, params):
        self.frames = frames
        self.ring = deque()   # left: the hand (oldest)
        self.bit = {}

    def access(self, page):
        if page in self.bit:
            self.bit[page] = 1
            return False, None
        victim = None
        if len(self.ring) == self.frames:
            while self.bit[self.ring[0]]:
                self.bit[self.ring[0]] = 0
                self.ring.rotate(-1)
            victim = self.ring.popleft()
            del self.bit[victim]
        self.ring.append(page)
        self.bit[page] = 0
        return True, victim
