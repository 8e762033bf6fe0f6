"""Line-by-line port of Sources/CohortCore/Mentoring/MaximumMatching.swift (greedy start +
Hopcroft-Karp for a b-matching + Koenig cover), run on the Python peer's candidate graph.
fixed=True: the DFS tries every held mentee of a full mentor, not only the first one."""
import sys
sys.path.insert(0, __import__("os").path.join(__import__("os").path.dirname(__import__("os").path.abspath(__file__)), "..", ".."))
import numpy as np
import mentor_pairs as mp

def hk(offsets, partner, quality, capacity, fixed=False):
    n, m = len(offsets) - 1, len(capacity)
    width = max(int(capacity.max()) if m else 1, 1)
    mentorOf = [-1] * n; load = [0] * m; held = [-1] * (m * width)
    UN = 2**31 - 1
    dist = [UN] * n
    pairs = lambda k: range(offsets[k], offsets[k + 1])
    maxq = int(quality.max())
    buckets = [[] for _ in range(maxq + 1)]
    for k in range(n):
        for e in pairs(k):
            buckets[int(quality[e])].append((e, k))
    for b in range(maxq, -1, -1):
        for e, k in buckets[b]:
            j = partner[e]
            if mentorOf[k] < 0 and load[j] < capacity[j]:
                held[j * width + load[j]] = k; load[j] += 1; mentorOf[k] = j
    phases = 0
    while True:
        phases += 1
        queue = []
        for k in range(n):
            if mentorOf[k] < 0: dist[k] = 0; queue.append(k)
            else: dist[k] = UN
        foundFree = False; head = 0
        while head < len(queue):
            u = queue[head]; head += 1
            for e in pairs(u):
                j = partner[e]
                if load[j] < capacity[j]: foundFree = True; continue
                for t in range(load[j]):
                    w = held[j * width + t]
                    if dist[w] == UN: dist[w] = dist[u] + 1; queue.append(w)
        if not foundFree: break
        it = [offsets[k] for k in range(n)]
        sub = [0] * n   # fixed: index of the next held mentee to try at the current edge
        augmented = False
        for root in range(n):
            if not (mentorOf[root] < 0 and dist[root] == 0): continue
            pm = [root]; pe = []; done = False
            while pm and not done:
                u = pm[-1]; advanced = False
                while it[u] < offsets[u + 1]:
                    e = it[u]; j = partner[e]
                    if load[j] < capacity[j]:
                        it[u] += 1; pe.append(e); done = True; advanced = True; break
                    nxt = -1
                    start = sub[u] if fixed else 0
                    for t in range(start, load[j]):
                        w = held[j * width + t]
                        if dist[w] == dist[u] + 1:
                            nxt = w; sub[u] = t + 1; break
                    if nxt < 0 or not fixed:
                        it[u] += 1; sub[u] = 0
                    if nxt >= 0:
                        pe.append(e); pm.append(nxt); advanced = True; break
                if not advanced:
                    dist[u] = UN; pm.pop()
                    if pe: pe.pop()
            if not done: continue
            augmented = True
            for t in range(len(pm) - 1, -1, -1):
                u = pm[t]; j = partner[pe[t]]
                if t == len(pm) - 1:
                    held[j * width + load[j]] = u; load[j] += 1
                else:
                    d = pm[t + 1]
                    for s in range(load[j]):
                        if held[j * width + s] == d: held[j * width + s] = u; break
                mentorOf[u] = j; dist[u] = UN
        if not augmented: break
    inZ = [False] * n; jZ = [False] * m; st = [k for k in range(n) if mentorOf[k] < 0]
    for k in st: inZ[k] = True
    while st:
        u = st.pop()
        for e in pairs(u):
            j = partner[e]
            if jZ[j]: continue
            jZ[j] = True
            for t in range(load[j]):
                w = held[j * width + t]
                if not inZ[w]: inZ[w] = True; st.append(w)
    cover = sum(1 for k in range(n) if not inZ[k]) + sum(int(capacity[j]) for j in range(m) if jZ[j])
    return sum(1 for x in mentorOf if x >= 0), cover, phases

if __name__ == "__main__":
    members, policy = sys.argv[1], sys.argv[2]
    pol = mp.read_policy(policy); ro = mp.Roster(members, pol); ru = mp.Rules(ro, pol); c = mp.Candidates(ru)
    counts = np.bincount(c.pair_mentee, minlength=len(c.mentees))
    offsets = [0] + list(np.cumsum(counts))
    partner = c.pair_mentor.tolist(); q = c.pair_quality
    flow = mp.solve_ortools(c, "bypass")
    print("max matching (OR-Tools):", len(flow))
    for fixed in (False, True):
        size, cover, ph = hk(offsets, partner, q, c.places, fixed)
        print(f"HK port fixed={fixed}: size={size} cover={cover} phases={ph} proven={size == cover}")
