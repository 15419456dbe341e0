"""S3-FIFO (Yang et al., SOSP 2023, Algorithm 1) as a page-reference
model, shared by s3-fifo.py and s3-fifo-ideal.py.

The paper: three FIFO queues, S (small, 10 % of the cache), M (main) and G
(ghost, as many entries as M). read(x): a hit adds one to x.freq, capped at
3; a miss inserts x: while the cache is full, evict; then x goes to M if it
is in G, else to S, with freq 0. evict: from S if |S| >= 10 % of the cache
(evictS), else from M (evictM). evictS: the tail of S (its oldest) moves to
M if it was accessed (freq >= 1) or else is evicted into G. evictM: the
oldest of M with freq > 0 is reinserted with freq - 1, else evicted.

Adapted to a pager, as docs/policies.md says: one victim per miss, so
evictS and evictM form one loop that ends at the first page evicted (an
object promoted from S does not evict from M by itself; the loop goes on);
S is used when it holds at least its target or M is empty; the target is
max(1, frames * small_percent / 100); G holds max(1, frames - target) keys,
the oldest dropped first; a page moved from S to M keeps its counter.

sampled=True (s3-fifo): a page's counter grows only when the queues look
at it: each page has a referenced bit, set by every use and by its fill,
which the loop reads and clears whenever the page is at a queue's head
(a set bit adds one); and at each miss that must evict, before anything
else, the bit of every page filled since the previous such miss is cleared
(the fill's own reference is not a use).
"""
from collections import deque


class S3FIFO:
    def __init__(self, frames, params, sampled):
        self.frames = frames
        pct = params.get("s3fifo_small_percent", 10)
        self.threshold = params.get("s3fifo_move_threshold", 1)
        self.target = max(1, frames * pct // 100)
        self.ghost_cap = max(1, frames - self.target)
        self.sampled = sampled
        self.S = deque()
        self.M = deque()
        self.G = deque()
        self.freq = {}
        self.bit = {}
        self.fresh = set()

    def sample(self, page):
        if self.sampled and self.bit[page]:
            self.bit[page] = 0
            self.freq[page] = min(self.freq[page] + 1, 3)

    def evict(self):
        while True:
            if self.S and (len(self.S) >= self.target or not self.M):
                t = self.S[0]
                self.sample(t)
                if self.freq[t] >= self.threshold:
                    self.S.popleft()
                    self.M.append(t)
                else:
                    self.S.popleft()
                    if len(self.G) == self.ghost_cap:
                        self.G.popleft()
                    self.G.append(t)
                    return t
            else:
                t = self.M[0]
                self.sample(t)
                if self.freq[t] > 0:
                    self.freq[t] -= 1
                    self.M.rotate(-1)
                else:
                    self.M.popleft()
                    return t

    def access(self, page):
        if page in self.freq:
            if self.sampled:
                self.bit[page] = 1
            else:
                self.freq[page] = min(self.freq[page] + 1, 3)
            return False, None
        victim = None
        if len(self.freq) == self.frames:
            for p in self.fresh:
                self.bit[p] = 0
            self.fresh = set()
            victim = self.evict()
            del self.freq[victim]
            self.bit.pop(victim, None)
        if page in self.G:
            self.G.remove(page)
            self.M.append(page)
        else:
            self.S.append(page)
        self.freq[page] = 0
        if self.sampled:
            self.bit[page] = 1
            self.fresh.add(page)
        return True, victim
