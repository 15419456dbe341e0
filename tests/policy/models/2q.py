"""Model of 2q: the full 2Q of Johnson and Shasha, VLDB 1994 (section 2.2,
"Full Version"), on a page-reference string:

  if X is in Am: move X to the head of Am
  else if X is in A1out: reclaimfor(X); add X to the head of Am
  else if X is in A1in: do nothing
  else: reclaimfor(X); add X to the head of A1in

  reclaimfor(X): if there are free page slots, put X in one; else if
  |A1in| > Kin, page out the tail of A1in, Y, and add Y's identifier to
  the head of A1out, removing A1out's tail if |A1out| > Kout; else page out
  the tail of Am (not into A1out).

Kin = 25 % and Kout = 50 % of the slots by default (twoq_kin_percent,
twoq_kout_percent; rounded down, Kout at least 1)."""
from collections import OrderedDict, deque

PARAM_CASES = [{"twoq_kin_percent": 50, "twoq_kout_percent": 100},
               {"twoq_kin_percent": 0, "twoq_kout_percent": 25}]


class Model:
    def __init__(self, frames, params):
        self.slots = frames
        self.kin = frames * params.get("twoq_kin_percent", 25) // 100
        self.kout = max(1, frames * params.get("twoq_kout_percent", 50) // 100)
        self.a1in = deque()          # head (newest) on the right
        self.a1out = deque()
        self.am = OrderedDict()      # LRU first
        self.resident = set()

    def reclaimfor(self):
        if len(self.resident) < self.slots:
            return None
        if len(self.a1in) > self.kin or not self.am:
            y = self.a1in.popleft()
            self.a1out.append(y)
            if len(self.a1out) > self.kout:
                self.a1out.popleft()
        else:
            y, _ = self.am.popitem(last=False)
        self.resident.discard(y)
        return y

    def access(self, x):
        if x in self.am:
            self.am.move_to_end(x)
            return False, None
        if x in self.resident:  # in A1in
            return False, None
        if x in self.a1out:
            y = self.reclaimfor()
            if x in self.a1out:
                self.a1out.remove(x)
            self.am[x] = True
        else:
            y = self.reclaimfor()
            self.a1in.append(x)
        self.resident.add(x)
        return True, y
