"""M/M/1 as a hand-written Python loop: heapq of (time, seq, kind), a deque of waiting arrivals. Prints JSON."""
import heapq, json, random, sys, time
from collections import deque

customers = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000
t0 = time.perf_counter()
c0 = time.process_time()
arr, srv = random.Random(1), random.Random(2)
heap, seq = [], 0
heapq.heappush(heap, (arr.expovariate(0.9), 0, 0)); seq = 1
arrived, done, busy, in_service, lat = 1, 0, False, 0.0, 0.0
queue = deque()
while heap:
    now, _, kind = heapq.heappop(heap)
    if kind == 0:
        if arrived < customers:
            heapq.heappush(heap, (now + arr.expovariate(0.9), seq, 0)); seq += 1; arrived += 1
        if not busy:
            busy, in_service = True, now
            heapq.heappush(heap, (now + srv.expovariate(1.0), seq, 1)); seq += 1
        else:
            queue.append(now)
    else:
        done += 1; lat += now - in_service
        if queue:
            in_service = queue.popleft()
            heapq.heappush(heap, (now + srv.expovariate(1.0), seq, 1)); seq += 1
        else:
            busy = False
print(json.dumps({"peer": "Python heapq loop", "customers": done, "simS": time.perf_counter() - t0, "cpuS": time.process_time() - c0, "meanLatency": lat / done}))
