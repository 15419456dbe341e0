"""Model of car: CAR as in Bansal and Modha, FAST 2004, Fig. 2, on a
page-reference string.

  1  if x is in T1 or T2: set its page reference bit to one (a hit)
  3  else: if |T1| + |T2| = c: replace();
  6        if x not in B1 or B2 and |T1| + |B1| = c: discard B1's LRU page
  8        elif |T1| + |T2| + |B1| + |B2| = 2c and x not in B1 or B2:
              discard B2's LRU page
  11   if x not in B1 or B2: insert x at the tail of T1, bit 0
  13   elif x in B1: p = min(p + max(1, |B2|/|B1|), c); x to T2's tail, bit 0
  16   else: p = max(p - max(1, |B1|/|B2|), 0); x to T2's tail, bit 0

  replace(): repeat: if |T1| >= max(1, p): if T1's head has bit 0, demote
  it to B1's MRU end (found) else clear its bit and make it T2's tail;
  else: if T2's head has bit 0, demote it to B2's MRU end (found) else
  clear its bit and make it T2's tail; until found.

Reference bits as mmusim's pager has them (docs/policies.md): the fill's
own access sets the bit like any use, and at each miss that must replace,
before replace(), the bits of the pages inserted since the previous such
miss are cleared (so the paper's "bit 0" at insertion holds, and uses in
between are not seen). p is a float."""
from collections import OrderedDict, deque


class Model:
    def __init__(self, frames, params):
        self.c = frames
        self.p = 0.0
        self.T1, self.T2 = deque(), deque()          # left: the head (hand)
        self.B1, self.B2 = OrderedDict(), OrderedDict()  # LRU first
        self.bit = {}
        self.fresh = []

    def replace(self):
        while True:
            if len(self.T1) >= max(1, self.p):
                h = self.T1.popleft()
                if self.bit[h] == 0:
                    self.B1[h] = True
                    return h
                self.bit[h] = 0
                self.T2.append(h)
            else:
                h = self.T2.popleft()
                if self.bit[h] == 0:
                    self.B2[h] = True
                    return h
                self.bit[h] = 0
                self.T2.append(h)

    def access(self, x):
        c = self.c
        if x in self.bit:
            self.bit[x] = 1
            return False, None
        y = None
        ghost = x in self.B1 or x in self.B2
        if len(self.T1) + len(self.T2) == c:
            for f in self.fresh:
                if f in self.bit:
                    self.bit[f] = 0
            self.fresh = []
            y = self.replace()
            del self.bit[y]
            if not ghost and len(self.T1) + len(self.B1) == c:
                self.B1.popitem(last=False)
            elif (len(self.T1) + len(self.T2) + len(self.B1) + len(self.B2) == 2 * c
                  and not ghost):
                self.B2.popitem(last=False)
        if not ghost:
            self.T1.append(x)
        elif x in self.B1:
            self.p = min(self.p + max(1, len(self.B2) / len(self.B1)), c)
            del self.B1[x]
            self.T2.append(x)
        else:
            self.p = max(self.p - max(1, len(self.B1) / len(self.B2)), 0)
            del self.B2[x]
            self.T2.append(x)
        self.bit[x] = 1  # the fill's own access
        self.fresh.append(x)
        return True, y
