"""Model of lirs: LIRS as in Jiang and Zhang, SIGMETRICS 2002, section 3.3
("the LIRS algorithm"), on a page-reference string.

Cache of c blocks: Llirs LIR blocks and Lhirs = max(1, c * 1 %) resident
HIR blocks. Stack S: blocks in recency order (LIR, resident HIR and
non-resident HIR), pruned so that its bottom is a LIR block. List Q: the
resident HIR blocks.
 1. X is LIR: move it to S's top; if it was at the bottom, prune.
 2. X is a resident HIR block: move it to S's top; if it was in S, it
    becomes LIR, leaves Q, and S's bottom LIR block becomes HIR at Q's end
    (prune); if it was not in S, it stays HIR and moves to Q's end.
 3. X is not resident: Q's front block is evicted (staying in S as
    non-resident if it is there); then as 2, with X new at Q's end when not
    in S. While the LIR set is not full every new block becomes LIR.
The paper keeps non-resident blocks in S without limit; mmusim keeps at
most c (lirs_nonresident_percent = 100): when the evicted block would be
one too many, the non-resident block evicted longest ago leaves S."""
from collections import OrderedDict

PARAM_CASES = [{"lirs_hir_percent": 20, "lirs_nonresident_percent": 50},
               {"lirs_hir_percent": 50, "lirs_nonresident_percent": 300}]


class Model:
    def __init__(self, frames, params):
        c = frames
        hirs = max(1, c * params.get("lirs_hir_percent", 1) // 100)
        self.llirs = c - hirs
        self.nr_cap = max(1, c * params.get("lirs_nonresident_percent", 100) // 100)
        self.c = c
        self.S = OrderedDict()     # bottom first, top last
        self.Q = OrderedDict()     # front first
        self.status = {}           # 'LIR', 'HIR' (resident), 'NR'
        self.nr = OrderedDict()    # non-resident blocks, evicted longest ago first
        self.resident = 0
        self.lirs = 0

    def lir_count(self):
        return self.lirs

    def set_status(self, x, st):
        self.lirs += (st == 'LIR') - (self.status.get(x) == 'LIR')
        self.status[x] = st

    def prune(self):
        while self.S:
            b = next(iter(self.S))
            if self.status[b] == 'LIR':
                return
            del self.S[b]
            if self.status[b] == 'NR':
                del self.status[b]
                del self.nr[b]

    def top(self, x):
        self.S.pop(x, None)
        self.S[x] = True

    def demote_bottom(self):
        b = next(iter(self.S))
        self.set_status(b, 'HIR')
        self.Q[b] = True
        self.prune()

    def access(self, x):
        st = self.status.get(x)
        if st == 'LIR':
            bottom = next(iter(self.S)) == x
            self.top(x)
            if bottom:
                self.prune()
            return False, None
        if st == 'HIR':
            if x in self.S:
                self.top(x)
                del self.Q[x]
                self.set_status(x, 'LIR')
                self.demote_bottom()
            else:
                self.top(x)
                self.Q.move_to_end(x)
            return False, None
        # a miss
        victim = None
        if self.resident == self.c:
            victim, _ = self.Q.popitem(last=False)
            self.resident -= 1
            if victim in self.S:
                self.set_status(victim, 'NR')
                self.nr[victim] = True
                if len(self.nr) > self.nr_cap:
                    old, _ = self.nr.popitem(last=False)
                    del self.S[old]
                    del self.status[old]
            else:
                del self.status[victim]
        self.resident += 1
        if self.status.get(x) == 'NR':
            del self.nr[x]
            self.top(x)
            self.set_status(x, 'LIR')
            if self.lir_count() > self.llirs:
                self.demote_bottom()
        elif self.lir_count() < self.llirs:
            self.set_status(x, 'LIR')
            self.top(x)
        else:
            self.set_status(x, 'HIR')
            self.top(x)
            self.Q[x] = True
        return True, victim
