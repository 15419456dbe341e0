"""Model of arc: ARC as in Megiddo and Modha, FAST 2003, Fig. 4
("ARC(c)"), on a page-reference string. p is a real number (a float)."""
from collections import OrderedDict


class Model:
    def __init__(self, frames, params):
        self.c = frames
        self.p = 0.0
        # LRU first, MRU last
        self.T1, self.T2 = OrderedDict(), OrderedDict()
        self.B1, self.B2 = OrderedDict(), OrderedDict()

    def replace(self, x):
        """REPLACE(x, p): returns the evicted page."""
        if len(self.T1) >= 1 and ((x in self.B2 and len(self.T1) == self.p)
                                  or len(self.T1) > self.p):
            y, _ = self.T1.popitem(last=False)
            self.B1[y] = True
        else:
            y, _ = self.T2.popitem(last=False)
            self.B2[y] = True
        return y

    def access(self, x):
        c = self.c
        # Case I: x in T1 or T2
        if x in self.T1:
            del self.T1[x]
            self.T2[x] = True
            return False, None
        if x in self.T2:
            self.T2.move_to_end(x)
            return False, None
        # Case II: x in B1
        if x in self.B1:
            d1 = 1 if len(self.B1) >= len(self.B2) else len(self.B2) / len(self.B1)
            self.p = min(self.p + d1, c)
            y = self.replace(x)
            del self.B1[x]
            self.T2[x] = True
            return True, y
        # Case III: x in B2
        if x in self.B2:
            d2 = 1 if len(self.B2) >= len(self.B1) else len(self.B1) / len(self.B2)
            self.p = max(self.p - d2, 0)
            y = self.replace(x)
            del self.B2[x]
            self.T2[x] = True
            return True, y
        # Case IV: x is new
        y = None
        L1 = len(self.T1) + len(self.B1)
        L2 = len(self.T2) + len(self.B2)
        if L1 == c:  # A
            if len(self.T1) < c:
                self.B1.popitem(last=False)
                y = self.replace(x)
            else:
                y, _ = self.T1.popitem(last=False)
        elif L1 < c and L1 + L2 >= c:  # B
            if L1 + L2 == 2 * c:
                self.B2.popitem(last=False)
            y = self.replace(x)
        self.T1[x] = True
        return True, y
